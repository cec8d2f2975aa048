using VolNotebooks.Export;

namespace VolNotebooks.Tests.Export;

public sealed class ProtobufWriterTests
{
    [Fact]
    public void Field_1_holding_150_encodes_as_08_96_01_the_example_of_the_protobuf_encoding_guide()
    {
        Assert.Equal([0x08, 0x96, 0x01], new ProtobufWriter().Int64(1, 150).ToArray());
    }

    [Fact]
    public void A_negative_int64_takes_ten_bytes_as_twos_complement_per_the_protobuf_encoding_guide()
    {
        var bytes = new ProtobufWriter().Int64(1, -1).ToArray();
        Assert.Equal(11, bytes.Length);
        Assert.Equal(0x08, bytes[0]);
        Assert.All(bytes[1..10], b => Assert.Equal(0xFF, b));
        Assert.Equal(0x01, bytes[10]);
    }

    [Fact]
    public void A_string_is_length_delimited_utf8_as_the_guide_shows_for_field_2_testing()
    {
        // protobuf.dev encoding guide: message Test2 { string b = 2; } with "testing" -> 12 07 74 65 73 74 69 6e 67.
        Assert.Equal(Convert.FromHexString("120774657374696e67"), new ProtobufWriter().String(2, "testing").ToArray());
    }

    [Fact]
    public void A_nested_message_is_written_as_its_length_then_its_bytes_as_the_guide_shows_for_field_3()
    {
        // protobuf.dev encoding guide: message Test3 { Test1 c = 3; } with a = 150 -> 1a 03 08 96 01.
        Assert.Equal(Convert.FromHexString("1a03089601"), new ProtobufWriter().Message(3, m => m.Int64(1, 150)).ToArray());
    }

    [Fact]
    public void A_float_is_a_fixed32_little_endian_field_and_packed_int64s_share_one_length_prefix()
    {
        Assert.Equal(Convert.FromHexString("150000803f"), new ProtobufWriter().Float(2, 1f).ToArray());
        // protobuf.dev encoding guide, packed repeated fields: 3, 270, 86942 in field 4 -> 22 06 03 8e 02 9e a7 05.
        Assert.Equal(Convert.FromHexString("2206038e029ea705"), new ProtobufWriter().PackedInt64(4, [3, 270, 86942]).ToArray());
    }
}
