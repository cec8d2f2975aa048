using System.Buffers.Binary;
using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>Fuzzing: whatever bytes a state file holds, loading restores the module or throws <see cref="StateFileException"/>.</summary>
public sealed class StateFileFuzzTests
{
    [Fact]
    public void Mutated_state_files_load_or_throw_a_state_file_error()
    {
        var bytes = StateFile.Serialize(new Linear<float>(3, 2, new RandomSource(1)));
        Mutations.Fuzz<StateFileException>(bytes, 2000, 1, mutant => StateFile.Deserialize(new Linear<float>(3, 2, new RandomSource(2)), mutant));
    }

    [Fact]
    public void A_shape_whose_element_count_overflows_is_refused_as_corrupt()
    {
        var module = new Linear<float>(3, 2, new RandomSource(1));
        var bytes = StateFile.Serialize(module);
        // First entry: offset 17 (magic 8, version 4, type 1, count 4), then name length (2) and name, rank (1), shape.
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(17));
        var rankAt = 17 + 2 + nameLength;
        var rank = bytes[rankAt];
        for (var d = 0; d < rank; d++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(rankAt + 1 + 4 * d), int.MaxValue);

        var e = Assert.Throws<StateFileException>(() => StateFile.Deserialize(new Linear<float>(3, 2, new RandomSource(2)), bytes));
        Assert.Contains("truncated or corrupted", e.Message);
    }
}
