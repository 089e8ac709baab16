namespace Backprop.Nano
{
    /// <summary>A source of readings, one value per channel: ADC channels on the device, a synthetic signal or a file on the desktop.</summary>
    public interface ISensor
    {
        /// <summary>Values per reading.</summary>
        int ChannelCount { get; }

        /// <summary>Writes the next reading into <paramref name="reading"/> (length ChannelCount); must not allocate.</summary>
        void Read(float[] reading);
    }
}
