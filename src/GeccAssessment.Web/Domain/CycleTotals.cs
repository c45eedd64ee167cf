namespace GeccAssessment.Web.Domain;

/// <summary>
/// Running totals of one cycle kept by the database (docs/adr/0018-running-totals-kept-by-triggers.md):
/// triggers on the rows they count add to them as the work happens, so the dashboard and the
/// assignment page read a few dozen rows instead of counting a cycle. The app never writes them.
/// </summary>
/// <remarks>How many applications of a cycle are in one status.</remarks>
public class CycleStatusTotal
{
    public int CycleId { get; private set; }

    public ApplicationStatus Status { get; private set; }

    public int Applications { get; private set; }
}

/// <summary>One cycle's figures in one province (the province copied onto the application and the assessment).</summary>
public class CycleProvinceTotal
{
    public int CycleId { get; private set; }

    public string ProvinceCode { get; private set; } = null!;

    /// <summary>Accepted applications no subcommittee has yet.</summary>
    public int Unassigned { get; private set; }

    /// <summary>Signed-off assessments.</summary>
    public int Assessed { get; private set; }

    /// <summary>Signed-off assessments recommended for certification.</summary>
    public int RecommendedCertify { get; private set; }

    /// <summary>Signed-off assessments the committee decided to certify.</summary>
    public int Certified { get; private set; }

    // Sums and counts of the signed-off assessments' dimension percentages (a null is not counted,
    // as avg() leaves it out): the cycle's averages are these summed over the provinces, divided.
    public decimal PremisesSum { get; private set; }

    public int PremisesCount { get; private set; }

    public decimal PersonnelSum { get; private set; }

    public int PersonnelCount { get; private set; }

    public decimal ServiceProcessSum { get; private set; }

    public int ServiceProcessCount { get; private set; }

    public decimal OtherSum { get; private set; }

    public int OtherCount { get; private set; }
}

/// <summary>Certificates of a cycle at one level that are not revoked.</summary>
public class CycleLevelTotal
{
    public int CycleId { get; private set; }

    public int LevelRank { get; private set; }

    public int Certificates { get; private set; }
}
