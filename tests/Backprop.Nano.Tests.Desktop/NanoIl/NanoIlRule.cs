using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Backprop.Nano.Tests.NanoIl
{
    /// <summary>A site a person has looked at: the method, how many sites it has, and why each is safe on nanoCLR.</summary>
    internal sealed record ReviewedSite(string Method, int Count, string Reason);

    /// <summary>
    /// One rule over the IL that runs on nanoCLR: which instructions it flags, and the check that the
    /// flagged sites are exactly the reviewed ones (a new site fails; so does a reviewed one that is gone,
    /// so that the list never keeps excuses for code that no longer exists).
    /// </summary>
    internal sealed class NanoIlRule
    {
        private readonly string _description;
        private readonly Func<IlSite, bool> _flags;

        public NanoIlRule(string description, Func<IlSite, bool> flags)
        {
            _description = description;
            _flags = flags;
        }

        /// <summary>
        /// The compiled nanoFramework assemblies (the API-check builds of the shared library and the firmware),
        /// whose paths the test project's build records as [AssemblyMetadata("NanoIl:name", path)].
        /// </summary>
        public static string[] NanoAssemblies()
        {
            return typeof(NanoIlRule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Where(a => a.Key.StartsWith("NanoIl:", StringComparison.Ordinal))
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => a.Value)
                .ToArray();
        }

        /// <summary>
        /// The flagged sites per method. The firmware's build compiles the shared source too, so a method
        /// is taken from the first assembly that defines it.
        /// </summary>
        public SortedDictionary<string, List<IlSite>> FlaggedIn(IEnumerable<string> assemblies, Func<string, bool> includeType)
        {
            var flagged = new SortedDictionary<string, List<IlSite>>(StringComparer.Ordinal);
            var seen = new HashSet<string>();
            foreach (string assembly in assemblies)
            {
                var methods = new HashSet<string>();
                IlStackWalker.Walk(assembly, includeType, site =>
                {
                    if (seen.Contains(site.Method)) return;
                    methods.Add(site.Method);
                    if (!_flags(site)) return;
                    if (!flagged.TryGetValue(site.Method, out List<IlSite> list)) flagged[site.Method] = list = new List<IlSite>();
                    list.Add(site);
                });
                seen.UnionWith(methods);
            }
            return flagged;
        }

        /// <summary>Fails unless the flagged sites of the nanoFramework assemblies are exactly <paramref name="reviewed"/>.</summary>
        public void AssertOnlyReviewedSites(params ReviewedSite[] reviewed)
        {
            string[] assemblies = NanoAssemblies();
            Assert.AreEqual(2, assemblies.Length, "nanoFramework assemblies recorded by the build: " + string.Join(", ", assemblies));
            SortedDictionary<string, List<IlSite>> flagged = FlaggedIn(assemblies, _ => true);

            var problems = new List<string>();
            foreach (KeyValuePair<string, List<IlSite>> method in flagged)
            {
                ReviewedSite entry = reviewed.FirstOrDefault(r => r.Method == method.Key);
                if (entry == null || entry.Count != method.Value.Count)
                {
                    string expected = entry == null ? "not reviewed" : "reviewed: " + entry.Count;
                    problems.Add($"{method.Key}: {method.Value.Count} ({expected})");
                    problems.AddRange(method.Value.Select(site => "    " + site));
                }
            }
            foreach (ReviewedSite entry in reviewed)
            {
                if (!flagged.ContainsKey(entry.Method)) problems.Add($"{entry.Method}: reviewed {entry.Count}, found none (remove the entry)");
            }
            if (problems.Count > 0)
            {
                Assert.Fail(_description + " outside the reviewed list:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
            }
        }
    }
}
