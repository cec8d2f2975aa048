using Spectre.Console.Testing;

namespace VolNotebooks.Cli.Tests;

public sealed class CommandProgressTests
{
    [Fact]
    public void Redirected_progress_writes_one_plain_line_per_step_with_elapsed_time_and_time_left()
    {
        var writer = new StringWriter();
        using (var progress = CommandProgress.Create(writer, "epoch", 4))
        {
            progress.Report(1, "train 0.5");
            progress.WriteLine("a line of the command's own");
            progress.Report(2, "");
        }

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^epoch 1/4 \(train 0\.5\) - \d+ s elapsed, about \d+ s left$", lines[0]);
        Assert.Equal("a line of the command's own", lines[1]);
        Assert.Matches(@"^epoch 2/4 - \d+ s elapsed, about \d+ s left$", lines[2]);
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.DoesNotContain('\u001b', writer.ToString()); // no ANSI escapes in a log
    }

    [Fact]
    public void Time_left_assumes_the_remaining_steps_take_as_long_as_this_commands_steps_did()
    {
        // 3 steps in 30 s: 10 s each, so 7 steps left take 70 s; nothing is known before the first step.
        Assert.Equal(TimeSpan.FromSeconds(70), CommandProgress.Remaining(TimeSpan.FromSeconds(30), done: 3, left: 7));
        Assert.Null(CommandProgress.Remaining(TimeSpan.FromSeconds(5), done: 0, left: 7));
        Assert.Equal(("42 s", "3:05", "1:02:03"), (
            CommandProgress.Duration(TimeSpan.FromSeconds(42)), CommandProgress.Duration(TimeSpan.FromSeconds(185)), CommandProgress.Duration(new TimeSpan(1, 2, 3))));
    }

    [Fact]
    public void A_terminal_shows_a_spectre_bar_with_the_description_the_last_step_and_its_percentage()
    {
        var console = new TestConsole().Interactive();
        using (var progress = CommandProgress.Create(console, "trials", 4, done: 2))
        {
            progress.Report(3, "trial 2 complete");
            progress.WriteLine("trial 2 complete 0.123");
        }

        var shown = console.Output;
        Assert.Contains("trials (2 of 4 done before)", shown);
        Assert.Contains("trial 2 complete", shown);
        Assert.Contains("50%", shown); // one of this run's two trials
        Assert.Contains("trial 2 complete 0.123", shown);
    }
}
