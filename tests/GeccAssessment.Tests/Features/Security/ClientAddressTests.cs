using System.Net;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Tests.Features.Security;

public class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.10", "203.0.113.10")]
    [InlineData("::ffff:203.0.113.10", "203.0.113.10")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void A_phone_is_counted_by_its_ipv6_block_not_by_each_address_it_takes(string address, string key) =>
        Assert.Equal(key, ClientAddress.KeyOf(IPAddress.Parse(address)));

    [Fact]
    public void No_address_is_one_key() => Assert.Equal("unknown", ClientAddress.KeyOf((IPAddress?)null));
}
