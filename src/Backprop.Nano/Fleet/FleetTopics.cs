namespace Backprop.Nano
{
    /// <summary>
    /// The MQTT topics of a fleet: one tree per fleet, bpnano/&lt;fleet&gt;/..., so a broker's access list can
    /// give each fleet its own branch. Boards publish bpnano/&lt;fleet&gt;/&lt;device&gt;/report and .../model;
    /// the aggregator publishes bpnano/&lt;fleet&gt;/global, retained.
    /// </summary>
    /// <remarks>
    /// Names are checked so that a name can never reach into another fleet's tree or act as a wildcard:
    /// no '/', '+', '#', space or control character. Building a topic allocates its string; a board
    /// builds its three topics once, at start-up.
    /// </remarks>
    public static class FleetTopics
    {
        /// <summary>The first level of every topic.</summary>
        public const string Prefix = "bpnano";

        /// <summary>Longest fleet or device name.</summary>
        public const int MaximumNameLength = 64;

        private const string ReportLevel = "report";
        private const string ModelLevel = "model";
        private const string GlobalLevel = "global";

        /// <summary>bpnano/&lt;fleet&gt;/&lt;device&gt;/report.</summary>
        public static string Report(string fleet, string device)
        {
            return DeviceTopic(fleet, device, ReportLevel);
        }

        /// <summary>bpnano/&lt;fleet&gt;/&lt;device&gt;/model.</summary>
        public static string Model(string fleet, string device)
        {
            return DeviceTopic(fleet, device, ModelLevel);
        }

        /// <summary>bpnano/&lt;fleet&gt;/global.</summary>
        public static string Global(string fleet)
        {
            CheckName(fleet, "fleet");
            return Prefix + "/" + fleet + "/" + GlobalLevel;
        }

        /// <summary>bpnano/&lt;fleet&gt;/+/report: every board's reports (a subscription filter).</summary>
        public static string AllReports(string fleet)
        {
            CheckName(fleet, "fleet");
            return Prefix + "/" + fleet + "/+/" + ReportLevel;
        }

        /// <summary>bpnano/&lt;fleet&gt;/+/model: every board's models (a subscription filter).</summary>
        public static string AllModels(string fleet)
        {
            CheckName(fleet, "fleet");
            return Prefix + "/" + fleet + "/+/" + ModelLevel;
        }

        /// <summary>
        /// True for a usable fleet or device name: 1 to 64 characters, none of them '/', '+', '#',
        /// a space or a control character.
        /// </summary>
        public static bool IsValidName(string name)
        {
            if (name == null || name.Length == 0 || name.Length > MaximumNameLength) return false;
            for (int k = 0; k < name.Length; k++)
            {
                char c = name[k];
                if (c == '/' || c == '+' || c == '#' || c <= ' ' || c == (char)127) return false;
            }
            return true;
        }

        /// <summary>Throws ArgumentException naming <paramref name="paramName"/> when the name is not valid.</summary>
        public static void CheckName(string name, string paramName)
        {
            if (!IsValidName(name))
            {
                throw new System.ArgumentException(paramName + " must be 1 to " + MaximumNameLength
                    + " characters without '/', '+', '#', spaces or control characters.", paramName);
            }
        }

        /// <summary>
        /// Splits a topic of some fleet into its fleet and device (device null for the global topic).
        /// Returns <see cref="FleetTopicKind.None"/>, with both names null, for anything else, including
        /// names that <see cref="IsValidName"/> refuses.
        /// </summary>
        public static FleetTopicKind TryParse(string topic, out string fleet, out string device)
        {
            fleet = null;
            device = null;
            if (topic == null || topic.Length <= Prefix.Length + 1 || !topic.StartsWith(Prefix + "/")) return FleetTopicKind.None;
            int fleetStart = Prefix.Length + 1;
            int fleetEnd = topic.IndexOf('/', fleetStart);
            if (fleetEnd < 0) return FleetTopicKind.None;
            string fleetName = topic.Substring(fleetStart, fleetEnd - fleetStart);
            if (!IsValidName(fleetName)) return FleetTopicKind.None;
            string rest = topic.Substring(fleetEnd + 1);
            if (rest == GlobalLevel)
            {
                fleet = fleetName;
                return FleetTopicKind.Global;
            }
            int deviceEnd = rest.IndexOf('/');
            if (deviceEnd < 0) return FleetTopicKind.None;
            string deviceName = rest.Substring(0, deviceEnd);
            string level = rest.Substring(deviceEnd + 1);
            FleetTopicKind kind = level == ReportLevel ? FleetTopicKind.Report : level == ModelLevel ? FleetTopicKind.Model : FleetTopicKind.None;
            if (kind == FleetTopicKind.None || !IsValidName(deviceName)) return FleetTopicKind.None;
            fleet = fleetName;
            device = deviceName;
            return kind;
        }

        private static string DeviceTopic(string fleet, string device, string level)
        {
            CheckName(fleet, "fleet");
            CheckName(device, "device");
            return Prefix + "/" + fleet + "/" + device + "/" + level;
        }
    }
}
