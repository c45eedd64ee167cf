using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    /// <summary>Trim, collapse white space, Unicode NFC, lower case (Domain.AgencyNames does the same in C#).</summary>
    public const string NormalizedNameSql = "lower(normalize(regexp_replace(btrim(\"NameTh\"), '\\s+', ' ', 'g'), NFC))";

    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.Property(a => a.NameTh).HasMaxLength(300).IsRequired();
        builder.Property(a => a.NormalizedName).HasMaxLength(300)
            .HasComputedColumnSql(NormalizedNameSql, stored: true);
        builder.HasIndex(a => a.NormalizedName).IsUnique();
        builder.HasIndex(a => a.IsReference).HasFilter("\"IsReference\"");
        builder.Property(a => a.NameEn).HasMaxLength(300);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(a => a.NameTh).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Property(a => a.ContactName).HasMaxLength(200);
        builder.Property(a => a.ContactPhone).HasMaxLength(50);
        builder.Property(a => a.ContactEmail).HasMaxLength(256);
        builder.HasOne(a => a.ParentAgency).WithMany().HasForeignKey(a => a.ParentAgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Province).WithMany().HasForeignKey(a => a.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        // With the id: "is this application's agency of that kind" is one probe of the index alone
        // (the screening queue's kind filter and its count).
        builder.HasIndex(a => new { a.Kind, a.Id });
        builder.HasIndex(a => a.ParentAgencyId);
        builder.HasIndex(a => a.ProvinceCode);
    }
}
