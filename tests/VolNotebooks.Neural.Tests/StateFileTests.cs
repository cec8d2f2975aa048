using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

public sealed class StateFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Save_then_load_restores_every_parameter_and_buffer_exactly()
    {
        var a = new Net(new RandomSource(1), hidden: 6);
        a.Norm.Forward(new Tensor<float>(Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i)).ToArray(), 4, 6));
        var b = new Net(new RandomSource(2), hidden: 6);
        string path = Path.Combine(_temp.Path, "net.vnn");
        StateFile.Save(a, path);
        StateFile.Load(b, path);
        foreach (var (ea, eb) in a.StateEntries().Zip(b.StateEntries()))
        {
            Assert.Equal(ea.Name, eb.Name);
            Assert.Equal(ea.Value.Data, eb.Value.Data);
        }

        Assert.Contains(b.Buffers(), e => e.Name == "norm.running_mean");
        Assert.Equal(["net.vnn"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_atomically()
    {
        string path = Path.Combine(_temp.Path, "net.vnn");
        File.WriteAllText(path, "old");
        var a = new Net(new RandomSource(1), hidden: 6);
        StateFile.Save(a, path);
        StateFile.Load(new Net(new RandomSource(3), hidden: 6), path);
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void A_float_checkpoint_loads_into_a_double_model()
    {
        var a = new Net(new RandomSource(1), hidden: 6);
        var bytes = StateFile.Serialize(a);
        var d = new NetDouble(new RandomSource(9), hidden: 6);
        StateFile.Deserialize(d, bytes);
        Assert.Equal(a.Parameters().First().Value.Data.Select(v => (double)v), d.Parameters().First().Value.Data);
    }

    [Fact]
    public void Loading_into_a_different_architecture_names_the_parameter_and_both_shapes()
    {
        var bytes = StateFile.Serialize(new Net(new RandomSource(1), hidden: 6));
        var other = new Net(new RandomSource(2), hidden: 5);
        var before = other.Parameters().First().Value.Data.ToArray();
        var ex = Assert.Throws<StateFileException>(() => StateFile.Deserialize(other, bytes));
        Assert.Contains("'lstm.l0.w_ih'", ex.Message);
        Assert.Contains("[24, 3]", ex.Message);
        Assert.Contains("[20, 3]", ex.Message);
        Assert.Equal(before, other.Parameters().First().Value.Data);

        var linearOnly = new Linear<float>(3, 2, new RandomSource(1));
        var ex2 = Assert.Throws<StateFileException>(() => StateFile.Deserialize(linearOnly, bytes));
        Assert.Contains("Architecture mismatch", ex2.Message);
    }

    [Fact]
    public void A_truncated_file_fails_naming_the_offset_and_leaves_the_model_untouched()
    {
        var bytes = StateFile.Serialize(new Net(new RandomSource(1), hidden: 6));
        var target = new Net(new RandomSource(2), hidden: 6);
        var before = target.StateEntries().SelectMany(e => e.Value.Data).ToArray();
        foreach (int length in new[] { 0, 5, 17, 40, bytes.Length / 2, bytes.Length - 1 })
        {
            var ex = Assert.Throws<StateFileException>(() => StateFile.Deserialize(target, bytes.AsSpan(0, length)));
            Assert.Matches("offset [0-9]+", ex.Message);
        }

        Assert.Equal(before, target.StateEntries().SelectMany(e => e.Value.Data).ToArray());
    }

    [Fact]
    public void A_corrupted_byte_fails_naming_the_damaged_parameter()
    {
        var net = new Net(new RandomSource(1), hidden: 6);
        var bytes = StateFile.Serialize(net);
        string second = net.StateEntries().ElementAt(1).Name;
        int rank = net.StateEntries().ElementAt(1).Value.Rank;
        int payloadOffset = FindEntryPayload(bytes, second) + 1 + 4 * rank;
        bytes[payloadOffset + 5] ^= 0x40;
        var ex = Assert.Throws<StateFileException>(() => StateFile.Deserialize(new Net(new RandomSource(2), hidden: 6), bytes));
        Assert.Contains($"'{second}'", ex.Message);
        Assert.Contains("checksum", ex.Message);

        var header = StateFile.Serialize(net);
        header[8] = 7;
        var ex2 = Assert.Throws<StateFileException>(() => StateFile.Deserialize(new Net(new RandomSource(2), hidden: 6), header));
        Assert.Contains("version 7", ex2.Message);

        var shape = StateFile.Serialize(net);
        shape[FindEntryPayload(shape, second) + 2] ^= 0x10;
        var ex3 = Assert.Throws<StateFileException>(() => StateFile.Deserialize(new Net(new RandomSource(2), hidden: 6), shape));
        Assert.Contains($"'{second}'", ex3.Message);
    }

    // Offset just after the name of the entry called 'name' (where its rank byte is).
    private static int FindEntryPayload(byte[] bytes, string name)
    {
        byte[] needle = System.Text.Encoding.UTF8.GetBytes(name);
        for (int i = 0; i + needle.Length < bytes.Length; i++)
        {
            if (bytes.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i + needle.Length;
            }
        }

        throw new InvalidOperationException(name + " not found");
    }

    private sealed class Net : Module<float>
    {
        public Net(RandomSource rng, int hidden)
        {
            RegisterModule("lstm", new Lstm<float>(3, hidden, rng));
            Norm = RegisterModule("norm", new BatchNorm1d<float>(6));
            RegisterModule("head", new Linear<float>(hidden, 1, rng));
        }

        public BatchNorm1d<float> Norm { get; }
    }

    private sealed class NetDouble : Module<double>
    {
        public NetDouble(RandomSource rng, int hidden)
        {
            RegisterModule("lstm", new Lstm<double>(3, hidden, rng));
            RegisterModule("norm", new BatchNorm1d<double>(6));
            RegisterModule("head", new Linear<double>(hidden, 1, rng));
        }
    }
}
