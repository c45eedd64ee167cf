using System.Net;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>The client a per-address limit counts.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64, the block one home or phone is given
    /// (Thai mobile networks hand out IPv6): counted by the full address, one phone could change its
    /// address for every request and never meet a limit.
    /// </summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string KeyOf(HttpContext context) => KeyOf(context.Connection.RemoteIpAddress);
}
