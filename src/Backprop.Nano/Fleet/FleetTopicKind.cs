namespace Backprop.Nano
{
    /// <summary>Which of a fleet's topics a topic string is (see <see cref="FleetTopics.TryParse"/>).</summary>
    public enum FleetTopicKind
    {
        /// <summary>Not a topic of any fleet.</summary>
        None = 0,

        /// <summary>bpnano/&lt;fleet&gt;/&lt;device&gt;/report: one report line, the UART's key:value text.</summary>
        Report = 1,

        /// <summary>bpnano/&lt;fleet&gt;/&lt;device&gt;/model: a board's model (<see cref="ModelPayload"/>).</summary>
        Model = 2,

        /// <summary>bpnano/&lt;fleet&gt;/global: the fleet's averaged model, retained.</summary>
        Global = 3,
    }
}
