using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace VolNotebooks.Tests.Training;

/// <summary>Edits a checkpoint's JSON header and re-signs it, to build files that pass the checksum but are malformed.</summary>
internal static class CheckpointFiles
{
    public static void RewriteHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12, 4));
        var header = JsonNode.Parse(bytes.AsSpan(16, headerLength))!.AsObject();
        edit(header);
        var newHeader = Encoding.UTF8.GetBytes(header.ToJsonString());
        var rest = bytes.AsSpan(16 + headerLength, bytes.Length - 32 - 16 - headerLength).ToArray();
        using var body = new MemoryStream();
        body.Write(bytes.AsSpan(0, 12));
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)newHeader.Length);
        body.Write(length);
        body.Write(newHeader);
        body.Write(rest);
        body.Write(SHA256.HashData(body.ToArray()));
        File.WriteAllBytes(path, body.ToArray());
    }
}
