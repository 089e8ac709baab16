namespace Backprop.Nano.Cli
{
    /// <summary>A labelled anomaly window of a series, as rows: <paramref name="Start"/> to <paramref name="End"/>, both included.</summary>
    internal readonly record struct NabWindow(int Start, int End)
    {
        /// <summary>Rows in the window.</summary>
        public int Width => End - Start + 1;
    }
}
