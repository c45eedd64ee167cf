using System.Xml.Linq;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Features.Mail;

public class MailTextTests
{
    [Fact]
    public void Every_kind_of_mail_has_a_subject_and_a_body_in_thai_and_english()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "GeccAssessment.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        foreach (var file in new[] { "SharedResource.resx", "SharedResource.en.resx" })
        {
            var keys = XDocument.Load(Path.Combine(root, "src", "GeccAssessment.Web", "Resources", file)).Root!
                .Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
            foreach (var kind in Enum.GetValues<MailKind>())
            {
                Assert.Contains($"Mail.{kind}.Subject", keys);
                Assert.Contains($"Mail.{kind}.Body", keys);
            }
        }
    }

    [Fact]
    public void Account_mail_cannot_be_turned_off()
    {
        Assert.False(MailKinds.CanBeTurnedOff(MailKind.PasswordReset));
        Assert.False(MailKinds.CanBeTurnedOff(MailKind.EmailConfirmation));
        Assert.True(MailKinds.CanBeTurnedOff(MailKind.Certified));
    }
}
