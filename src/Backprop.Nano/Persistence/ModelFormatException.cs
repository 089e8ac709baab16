namespace Backprop.Nano
{
    /// <summary>
    /// The one exception a model load throws for bad data: wrong magic, unknown version, shape or
    /// activation mismatch, bad CRC, truncated data or values that are not finite. The message
    /// says which. Nothing has been modified when it is thrown.
    /// </summary>
    public sealed class ModelFormatException : System.Exception
    {
        /// <summary>A rejection with its reason.</summary>
        public ModelFormatException(string message) : base(message)
        {
        }
    }
}
