using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Backprop.Nano.Cli;
using Backprop.Nano.Tests.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>A bpnano command running in-process on its own thread, its output captured, stopped by cancelling (as Ctrl+C).</summary>
    internal sealed class BackgroundRun : IDisposable
    {
        private readonly StringWriter _outputText = new StringWriter(), _errorText = new StringWriter();
        private readonly TextWriter _output, _error;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task<int> _task;

        private BackgroundRun(string[] args)
        {
            _output = TextWriter.Synchronized(_outputText);
            _error = TextWriter.Synchronized(_errorText);
            CliConsole console = CliRun.Console(_output, _error);
            _task = Task.Run(() => BpnanoApp.Create(console).Run(args, _stop.Token));
        }

        public static BackgroundRun Start(params string[] args) => new BackgroundRun(args);

        public string Output
        {
            get { lock (_output) return _outputText.ToString(); }
        }

        public string Error
        {
            get { lock (_error) return _errorText.ToString(); }
        }

        public bool HasExited => _task.IsCompleted;

        /// <summary>Waits for the command to end by itself; fails the test after <paramref name="seconds"/>.</summary>
        public int WaitForExit(double seconds)
        {
            if (!_task.Wait(TimeSpan.FromSeconds(seconds))) Assert.Fail("the command did not end within " + seconds + " s:\n" + this);
            return _task.Result;
        }

        /// <summary>Cancels (Ctrl+C) and waits for the exit code.</summary>
        public int Stop()
        {
            _stop.Cancel();
            return WaitForExit(20);
        }

        public void Dispose()
        {
            if (!_task.IsCompleted) Stop();
            _stop.Dispose();
        }

        public override string ToString() => "stderr:\n" + Error + "\nstdout:\n" + Output;

        /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
        public static void WaitUntil(Func<bool> condition, double seconds, Func<string> what)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) Assert.Fail("waited " + seconds + " s for: " + what());
                Thread.Sleep(20);
            }
        }
    }
}
