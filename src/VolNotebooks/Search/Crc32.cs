namespace VolNotebooks.Search;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial <c>0xEDB88320</c>), the checksum of zlib and Python's
/// <c>binascii.crc32</c>: a stable hash that every platform and process computes alike.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="bytes"/> (<c>Hash("123456789"u8)</c> is <c>0xCBF43926</c>).</summary>
    /// <param name="bytes">The data.</param>
    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }
}
