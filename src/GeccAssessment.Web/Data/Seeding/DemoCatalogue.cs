using GeccAssessment.Web.Domain;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>A plausible (not official) GECC criteria catalogue for the demo cycles.</summary>
public static class DemoCatalogue
{
    public sealed record CriterionSeed(string Code, string TitleTh, string TitleEn, string Guidance, int MaxPoints, bool IsMandatory, bool EvidenceRequired, bool AllowNotApplicable);
    public sealed record DimensionSeed(DimensionKind Kind, int SortOrder, decimal MinimumPercent, IReadOnlyList<CriterionSeed> Criteria);
    public sealed record LevelSeed(int Rank, string NameTh, string NameEn, decimal MinimumPercent);

    public static readonly IReadOnlyList<DimensionSeed> Dimensions =
    [
        // ด้านสถานที่
        new(DimensionKind.Premises, 1, 60m,
        [
            new(
                "P-01",
                "ป้ายบอกทางไปยังจุดบริการชัดเจน มองเห็นได้ง่าย",
                "Clear, easily visible signs leading to the service point",
                "สังเกตป้ายบอกทางจากถนนหลักและภายในอาคาร ตรวจว่ามองเห็นได้ชัด อ่านง่าย และมีภาษาอังกฤษกำกับ",
                MaxPoints: 5, IsMandatory: true, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "P-02",
                "สถานที่ตั้งเดินทางมาติดต่อได้สะดวก",
                "Location easy to reach",
                "ตรวจว่าจุดบริการเดินทางมาได้สะดวกทั้งด้วยรถส่วนตัวและระบบขนส่งสาธารณะ และมีแผนที่หรือคำแนะนำการเดินทางเผยแพร่ให้ประชาชนทราบ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "P-03",
                "ที่จอดรถเพียงพอ และมีที่จอดสำหรับคนพิการ ผู้สูงอายุ และสตรีมีครรภ์",
                "Sufficient parking, with reserved spaces for people with disabilities, older persons and pregnant women",
                "สำรวจจำนวนที่จอดรถเทียบกับผู้มาติดต่อในช่วงเวลาเร่งด่วน ตรวจว่าที่จอดสำหรับคนพิการอยู่ใกล้ทางเข้าและมีสัญลักษณ์ชัดเจน",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: true),
            new(
                "P-04",
                "ทางลาดและราวจับสำหรับคนพิการและผู้สูงอายุ",
                "Ramps and handrails for people with disabilities and older persons",
                "ตรวจทางลาดบริเวณทางเข้าอาคารและจุดต่างระดับ ว่าความชันเหมาะสม มีราวจับทั้งสองข้าง และพื้นผิวไม่ลื่น",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "P-05",
                "ห้องน้ำสะอาด เพียงพอ และมีห้องน้ำสำหรับคนพิการ",
                "Clean, sufficient toilets, including an accessible toilet",
                "ตรวจความสะอาดและความพร้อมใช้งานของห้องน้ำ และตรวจว่าห้องน้ำสำหรับคนพิการใช้งานได้จริง มีราวจับและปุ่มกดสัญญาณขอความช่วยเหลือ",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "P-06",
                "ที่นั่งพักรอรับบริการเพียงพอและสะดวกสบาย",
                "Sufficient, comfortable seating for waiting",
                "นับที่นั่งพักรอเทียบกับจำนวนผู้มารับบริการในช่วงเวลาเร่งด่วน สังเกตความสะอาด อุณหภูมิ และแสงสว่างบริเวณพักรอ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "P-07",
                "ระบบจัดลำดับคิวที่เป็นธรรมและโปร่งใส",
                "A fair and transparent queueing system",
                "สังเกตการรับบัตรคิวและการเรียกคิว ตรวจว่าไม่มีการลัดคิว และมีช่องทางพิเศษสำหรับผู้สูงอายุ คนพิการ และสตรีมีครรภ์",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "P-08",
                "จุดประชาสัมพันธ์อยู่ในตำแหน่งที่เห็นได้ชัดเจน",
                "Information desk in a clearly visible location",
                "ตรวจว่าจุดประชาสัมพันธ์อยู่ใกล้ทางเข้า มองเห็นได้ทันทีเมื่อเข้ามาในอาคาร และมีป้ายระบุชัดเจน",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "P-09",
                "ป้ายหรือจอแสดงขั้นตอน ระยะเวลา ค่าธรรมเนียม และเอกสารที่ต้องใช้",
                "Boards or screens showing steps, processing times, fees and required documents",
                "ตรวจบอร์ดหรือจอแสดงข้อมูลว่าครบถ้วน เป็นปัจจุบัน และตรงกับคู่มือสำหรับประชาชน",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "P-10",
                "สถานที่สะอาด เป็นระเบียบ และปลอดภัย",
                "Clean, tidy and safe premises",
                "เดินสำรวจพื้นที่ให้บริการ ตรวจความสะอาด แสงสว่าง การระบายอากาศ อุปกรณ์ดับเพลิง และป้ายบอกทางหนีไฟ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "P-11",
                "สิ่งอำนวยความสะดวกพื้นฐานสำหรับผู้มารับบริการ",
                "Basic amenities for visitors",
                "ตรวจว่ามีน้ำดื่มสะอาด แบบฟอร์มและเครื่องเขียน บริการถ่ายเอกสาร และสัญญาณอินเทอร์เน็ตไร้สายให้ใช้ระหว่างรอ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "P-12",
                "ตู้บริการอิเล็กทรอนิกส์ด้วยตนเอง (Kiosk)",
                "Self-service electronic kiosk",
                "หากมีตู้บริการด้วยตนเอง ตรวจว่าใช้งานได้จริง มีคำแนะนำการใช้งาน และมีเจ้าหน้าที่คอยช่วยเหลือผู้ที่ใช้งานไม่คล่อง",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: true),
        ]),

        // ด้านบุคลากร
        new(DimensionKind.Personnel, 2, 60m,
        [
            new(
                "S-01",
                "เจ้าหน้าที่ติดป้ายชื่อและแต่งกายเหมาะสม ระบุตัวตนได้ชัดเจน",
                "Staff wear name badges and suitable dress, and are clearly identifiable",
                "สังเกตว่าเจ้าหน้าที่ที่ให้บริการทุกคนติดบัตรหรือป้ายชื่อที่ระบุชื่อและตำแหน่งอ่านได้ชัด และแต่งกายสุภาพเรียบร้อย",
                MaxPoints: 5, IsMandatory: true, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-02",
                "ผังบุคลากรและผู้รับผิดชอบงานบริการแต่ละงาน",
                "Staff chart showing who is responsible for each service",
                "ตรวจผังบุคลากรที่มีรูปถ่าย ชื่อ ตำแหน่ง และงานที่รับผิดชอบ ว่าติดไว้ในจุดที่ประชาชนเห็นได้และข้อมูลเป็นปัจจุบัน",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "S-03",
                "เจ้าหน้าที่มีจิตบริการ ยิ้มแย้ม และเต็มใจให้บริการ",
                "Staff show a service mind: welcoming, smiling and willing to help",
                "สังเกตการต้อนรับและการให้บริการจริง ว่าเจ้าหน้าที่ทักทาย ยิ้มแย้ม ตั้งใจฟัง และช่วยเหลือโดยไม่ต้องให้ประชาชนร้องขอ",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-04",
                "เจ้าหน้าที่พูดจาสุภาพและให้เกียรติผู้รับบริการ",
                "Staff speak courteously and treat service users with respect",
                "สังเกตน้ำเสียงและถ้อยคำที่เจ้าหน้าที่ใช้ทั้งต่อหน้าและทางโทรศัพท์ และสอบถามความเห็นของผู้มารับบริการ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-05",
                "เจ้าหน้าที่มีความรู้ในงานที่ให้บริการและตอบข้อสงสัยได้ถูกต้อง",
                "Staff know their services and answer questions correctly",
                "สอบถามเจ้าหน้าที่เกี่ยวกับขั้นตอน เอกสาร และระยะเวลาของงานบริการหลัก ตรวจว่าตอบได้ถูกต้องตรงกับคู่มือสำหรับประชาชน",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-06",
                "เจ้าหน้าที่สามารถปฏิบัติงานแทนกันได้",
                "Staff can cover for one another",
                "ตรวจคำสั่งมอบหมายผู้ปฏิบัติงานแทนหรือแผนหมุนเวียนงาน และสอบถามว่าเมื่อเจ้าหน้าที่ประจำไม่อยู่ ประชาชนยังได้รับบริการตามปกติ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "S-07",
                "มีเจ้าหน้าที่ต้อนรับและให้คำแนะนำประจำจุดบริการ",
                "Greeting staff on hand to guide visitors",
                "สังเกตว่ามีเจ้าหน้าที่คอยต้อนรับ สอบถามความต้องการ และพาผู้มารับบริการไปยังช่องบริการที่ถูกต้อง โดยเฉพาะในช่วงเวลาเร่งด่วน",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-08",
                "พัฒนาทักษะการให้บริการของเจ้าหน้าที่อย่างต่อเนื่อง",
                "Continuous development of staff service skills",
                "ตรวจแผนและหลักฐานการฝึกอบรมด้านการให้บริการในรอบปีที่ผ่านมา เช่น คำสั่ง รายชื่อผู้เข้าอบรม และภาพกิจกรรม",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "S-09",
                "ให้บริการอย่างเสมอภาคและไม่เลือกปฏิบัติ",
                "Equal treatment without discrimination",
                "สังเกตว่าการให้บริการเป็นไปตามลำดับคิวอย่างเท่าเทียม และสัมภาษณ์ผู้มารับบริการเกี่ยวกับการได้รับการปฏิบัติอย่างเป็นธรรม",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-10",
                "เจ้าหน้าที่สื่อสารกับผู้รับบริการที่ใช้ภาษาอื่นได้",
                "Staff can communicate with service users who speak other languages",
                "ตรวจว่ามีเจ้าหน้าที่ที่สื่อสารภาษาอังกฤษ ภาษาถิ่น หรือภาษาของประเทศเพื่อนบ้านได้ตามกลุ่มผู้รับบริการในพื้นที่ หรือมีเครื่องมือช่วยแปลภาษา",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "S-11",
                "ผู้บริหารกำกับ ติดตาม และให้ความสำคัญกับการให้บริการ",
                "Management oversees and follows up on service delivery",
                "ตรวจรายงานการประชุมหรือข้อสั่งการของผู้บริหารเกี่ยวกับการปรับปรุงการให้บริการ และสอบถามความถี่ในการติดตามผล",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
        ]),

        // ด้านงานบริการ
        new(DimensionKind.ServiceProcess, 3, 60m,
        [
            new(
                "V-01",
                "จัดทำและเผยแพร่คู่มือสำหรับประชาชนและมาตรฐานระยะเวลาการให้บริการ",
                "Public service manual and service time standards published",
                "ตรวจว่าคู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558 เผยแพร่ทั้ง ณ จุดบริการและทางเว็บไซต์ และระบุระยะเวลาแล้วเสร็จของแต่ละงานบริการ",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "V-02",
                "ให้บริการแล้วเสร็จภายในระยะเวลาที่ประกาศ",
                "Services completed within the published time standards",
                "สุ่มตรวจทะเบียนคุมหรือข้อมูลจากระบบคิว เปรียบเทียบเวลาที่ใช้จริงกับมาตรฐานที่ประกาศ และสอบถามวิธีแจ้งผู้รับบริการเมื่อดำเนินการไม่ทันกำหนด",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "V-03",
                "ขั้นตอนการให้บริการกระชับ ไม่ซับซ้อน",
                "Few, simple service steps",
                "ไล่ดูขั้นตอนของงานบริการหลักตั้งแต่รับคำขอจนแล้วเสร็จ ตรวจว่ามีการลดขั้นตอน ไม่ต้องเดินติดต่อหลายจุด และไม่เรียกเอกสารเกินความจำเป็น",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "V-04",
                "ไม่เรียกสำเนาเอกสารที่ทางราชการออกให้จากผู้รับบริการ",
                "No copies of government-issued documents required from service users",
                "ตรวจว่าไม่เรียกสำเนาบัตรประจำตัวประชาชนหรือสำเนาทะเบียนบ้าน แต่ใช้การอ่านข้อมูลจากบัตรหรือการเชื่อมโยงข้อมูลทางอิเล็กทรอนิกส์แทน",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "V-05",
                "มีช่องทางรับเรื่องร้องเรียนและข้อเสนอแนะที่หลากหลายและเข้าถึงง่าย",
                "Varied, accessible channels for complaints and suggestions",
                "ตรวจว่ามีกล่องรับความคิดเห็น หมายเลขโทรศัพท์ เว็บไซต์ หรือสื่อสังคมออนไลน์สำหรับร้องเรียน ติดประกาศให้เห็นชัด และทดลองติดต่ออย่างน้อยหนึ่งช่องทาง",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "V-06",
                "จัดการเรื่องร้องเรียนและแจ้งผลให้ผู้ร้องเรียนทราบภายในเวลาที่กำหนด",
                "Complaints resolved and complainants informed within the set time",
                "ตรวจทะเบียนรับเรื่องร้องเรียนในรอบปี ว่ามีการบันทึก ดำเนินการแก้ไข และแจ้งผลแก่ผู้ร้องเรียนภายในระยะเวลาที่หน่วยงานกำหนด",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "V-07",
                "มีบริการอิเล็กทรอนิกส์ที่ประชาชนใช้งานได้จริง",
                "Working electronic services for the public",
                "ตรวจว่ามีงานบริการที่ยื่นคำขอ ชำระค่าธรรมเนียม หรือติดตามสถานะผ่านเว็บไซต์หรือแอปพลิเคชันได้ และทดลองใช้งานจริงอย่างน้อยหนึ่งบริการ",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "V-08",
                "ช่องทางชำระค่าธรรมเนียมที่หลากหลาย รวมถึงการชำระเงินทางอิเล็กทรอนิกส์",
                "Varied fee-payment channels, including electronic payment",
                "หากมีการเก็บค่าธรรมเนียม ตรวจว่ารับชำระผ่านคิวอาร์โค้ด บัตร หรือการโอนเงินได้นอกเหนือจากเงินสด และออกใบเสร็จรับเงินถูกต้อง",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: true),
            new(
                "V-09",
                "ให้บริการนอกเวลาราชการหรือบริการเชิงรุกถึงพื้นที่",
                "Out-of-hours or outreach services",
                "ตรวจประกาศการให้บริการช่วงพักกลางวัน วันหยุด หรือนอกเวลาราชการ และหลักฐานการออกหน่วยบริการเคลื่อนที่ในพื้นที่",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "V-10",
                "สำรวจความต้องการของผู้รับบริการและนำมาปรับปรุงงานบริการ",
                "Service users' needs surveyed and used to improve services",
                "ตรวจผลการสำรวจความต้องการของผู้รับบริการ และหลักฐานว่านำผลมาปรับปรุงขั้นตอนหรือช่องทางการให้บริการ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "V-11",
                "ผู้รับบริการติดตามความคืบหน้าของคำขอได้",
                "Service users can follow the progress of their requests",
                "ตรวจว่าผู้รับบริการได้รับใบรับคำขอหรือเลขอ้างอิง และติดตามความคืบหน้าทางโทรศัพท์ ข้อความสั้น หรือช่องทางออนไลน์ได้",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "V-12",
                "คุ้มครองข้อมูลส่วนบุคคลของผู้รับบริการ",
                "Personal data of service users protected",
                "สังเกตการจัดเก็บเอกสารคำขอและหน้าจอคอมพิวเตอร์ว่าไม่เปิดเผยข้อมูลส่วนบุคคล และตรวจว่ามีประกาศความเป็นส่วนตัวแจ้งผู้รับบริการ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
        ]),

        // ด้านอื่นๆ
        new(DimensionKind.Other, 4, 50m,
        [
            new(
                "O-01",
                "นวัตกรรมการให้บริการที่อำนวยความสะดวกแก่ประชาชน",
                "Service innovation that makes things easier for the public",
                "ให้หน่วยงานนำเสนอนวัตกรรมหรือแนวคิดใหม่ที่ใช้ในการให้บริการ ตรวจว่านำไปใช้จริงและเกิดประโยชน์ต่อผู้รับบริการอย่างเป็นรูปธรรม",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "O-02",
                "ผลสำรวจความพึงพอใจของผู้รับบริการ",
                "Service user satisfaction survey results",
                "ตรวจรายงานผลสำรวจความพึงพอใจย้อนหลังอย่างน้อยหนึ่งปี ดูวิธีการสำรวจ จำนวนกลุ่มตัวอย่าง และระดับความพึงพอใจที่ได้",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "O-03",
                "นำผลความพึงพอใจและเรื่องร้องเรียนมาปรับปรุงการให้บริการ",
                "Satisfaction results and complaints used to improve services",
                "ตรวจว่าหน่วยงานวิเคราะห์ประเด็นที่ได้คะแนนต่ำหรือถูกร้องเรียนบ่อย และมีแผนหรือผลการปรับปรุงที่ประชาชนเห็นได้",
                MaxPoints: 10, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
            new(
                "O-04",
                "ผลสัมฤทธิ์ของการให้บริการที่ประชาชนรับรู้ได้",
                "Service outcomes evident to the public",
                "สัมภาษณ์ผู้มารับบริการ และเปรียบเทียบสถิติก่อนและหลังการปรับปรุง เช่น ระยะเวลารอคอย หรือจำนวนครั้งที่ต้องมาติดต่อ",
                MaxPoints: 10, IsMandatory: true, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "O-05",
                "บูรณาการการให้บริการร่วมกับหน่วยงานอื่น",
                "Services integrated with other agencies",
                "ตรวจว่ามีการเชื่อมโยงข้อมูลหรือให้บริการร่วมกับหน่วยงานอื่นเพื่อให้ประชาชนติดต่อได้ในจุดเดียว เช่น บันทึกข้อตกลงหรือระบบเชื่อมโยงข้อมูล",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "O-06",
                "เผยแพร่ข้อมูลข่าวสารการให้บริการผ่านสื่อที่หลากหลาย",
                "Service information published through varied media",
                "ตรวจเว็บไซต์ เพจ หรือบัญชีไลน์ทางการของหน่วยงานว่าข้อมูลบริการถูกต้องเป็นปัจจุบัน และตอบคำถามประชาชนได้ทันท่วงที",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "O-07",
                "การมีส่วนร่วมของประชาชนและภาคีเครือข่ายในการพัฒนาบริการ",
                "Public and partner participation in improving services",
                "ตรวจหลักฐานการเปิดโอกาสให้ประชาชน ผู้นำชุมชน หรือภาคเอกชนร่วมเสนอแนะหรือร่วมพัฒนาบริการ เช่น การประชุมรับฟังความคิดเห็น",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "O-08",
                "การดูแลช่วยเหลือกลุ่มเปราะบางเป็นพิเศษ",
                "Extra help for vulnerable groups",
                "สังเกตว่ามีบริการช่วยเหลือผู้สูงอายุ คนพิการ และผู้ที่อ่านเขียนไม่คล่อง เช่น ช่วยกรอกแบบฟอร์ม จัดรถเข็น หรือแว่นขยาย",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "O-09",
                "การประหยัดพลังงานและการดูแลสิ่งแวดล้อม",
                "Energy saving and care for the environment",
                "สังเกตมาตรการประหยัดไฟฟ้าและน้ำ การลดการใช้กระดาษ และการคัดแยกขยะภายในจุดบริการ",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: false, AllowNotApplicable: false),
            new(
                "O-10",
                "การขยายผลแนวปฏิบัติที่ดีให้หน่วยงานอื่น",
                "Good practice shared with other agencies",
                "ตรวจหลักฐานการถ่ายทอดแนวปฏิบัติที่ดี เช่น การต้อนรับคณะศึกษาดูงาน หรือรางวัลที่ได้รับจากหน่วยงานภายนอก",
                MaxPoints: 5, IsMandatory: false, EvidenceRequired: true, AllowNotApplicable: false),
        ]),
    ];

    public static readonly IReadOnlyList<LevelSeed> Levels =
    [
        new(1, "ระดับพื้นฐาน", "Basic", 70m),
        new(2, "ระดับก้าวหน้า", "Advanced", 80m),
        new(3, "ระดับเป็นเลิศ", "Excellence", 90m),
    ];
}
