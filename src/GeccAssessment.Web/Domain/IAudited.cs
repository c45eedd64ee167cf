namespace GeccAssessment.Web.Domain;

/// <summary>Marks entities whose every insert, change and delete goes to the audit trail.</summary>
public interface IAudited;
