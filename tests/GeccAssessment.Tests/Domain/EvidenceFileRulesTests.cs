using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class EvidenceFileRulesTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, "image/png")]
    public void Recognises_accepted_kinds_by_their_first_bytes(byte[] header, string expected)
    {
        Assert.Equal(expected, EvidenceFileRules.DetectContentType(header));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 })] // a Windows .exe, whatever its name says
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C })] // <html
    [InlineData(new byte[] { 0x25, 0x50, 0x44 })] // a truncated PDF header
    [InlineData(new byte[0])]
    public void Refuses_everything_else(byte[] header)
    {
        Assert.Null(EvidenceFileRules.DetectContentType(header));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\somchai\\คู่มือ.pdf", "คู่มือ.pdf")]
    [InlineData("รูป<script>.pdf", "รูปscript.pdf")]
    [InlineData("", "evidence.pdf")]
    [InlineData("...", "evidence.pdf")]
    public void File_names_lose_paths_and_odd_characters(string uploaded, string expected)
    {
        Assert.Equal(expected, EvidenceFileRules.SafeFileName(uploaded, "application/pdf"));
    }

    [Theory]
    [InlineData("คู่มือ.hta", "application/pdf", "คู่มือ.hta.pdf")]
    [InlineData("setup.exe", "application/pdf", "setup.exe.pdf")]
    [InlineData("รายงาน\u202Efdp.exe", "application/pdf", "รายงานfdp.exe.pdf")]
    [InlineData("ป้าย.svg", "image/png", "ป้าย.svg.png")]
    [InlineData("ป้าย.PNG", "image/png", "ป้าย.PNG")]
    [InlineData("ทางลาด.jpeg", "image/jpeg", "ทางลาด.jpeg")]
    [InlineData("ทางลาด.png", "image/jpeg", "ทางลาด.png.jpg")]
    [InlineData("", "image/jpeg", "evidence.jpg")]
    public void File_names_end_in_the_extension_of_their_content(string uploaded, string contentType, string expected)
    {
        Assert.Equal(expected, EvidenceFileRules.SafeFileName(uploaded, contentType));
    }
}
