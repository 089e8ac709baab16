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
        /// The API-check build (everything compiled for nanoFramework: library, shared tests, firmware), whose path
        /// the test project's build records as [AssemblyMetadata("NanoIlAssembly", path)].
        /// </summary>
        public static string NanoAssembly()
        {
            string[] paths = typeof(NanoIlRule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Where(a => a.Key == "NanoIlAssembly")
                .Select(a => a.Value)
                .ToArray();
            Assert.AreEqual(1, paths.Length, "nanoFramework assemblies recorded by the build: " + string.Join(", ", paths));
            return paths[0];
        }

        /// <summary>
        /// The library's and the firmware's types: what runs on a board. The shared tests and the API surfaces
        /// declared for the check are compiled into the same assembly but left out.
        /// </summary>
        public static bool RunsOnBoard(string type)
        {
            return type.StartsWith("Backprop.Nano.", StringComparison.Ordinal) && !type.StartsWith("Backprop.Nano.Tests.", StringComparison.Ordinal);
        }

        /// <summary>
        /// Everything of ours compiled for nanoFramework: the library, the firmware and the shared tests (whose
        /// assertions also run on the device). The API surfaces declared for the check are not in Backprop.Nano.
        /// </summary>
        public static bool RunsOnBoardOrInSharedTests(string type)
        {
            return type.StartsWith("Backprop.Nano.", StringComparison.Ordinal);
        }

        /// <summary>The flagged sites per method of the types of <paramref name="assembly"/> that <paramref name="includeType"/> accepts.</summary>
        public SortedDictionary<string, List<IlSite>> FlaggedIn(string assembly, Func<string, bool> includeType)
        {
            var flagged = new SortedDictionary<string, List<IlSite>>(StringComparer.Ordinal);
            IlStackWalker.Walk(assembly, includeType, site =>
            {
                if (!_flags(site)) return;
                if (!flagged.TryGetValue(site.Method, out List<IlSite> list)) flagged[site.Method] = list = new List<IlSite>();
                list.Add(site);
            });
            return flagged;
        }

        /// <summary>Fails unless the flagged sites of the library and the firmware, as compiled for nanoFramework, are exactly <paramref name="reviewed"/>.</summary>
        public void AssertOnlyReviewedSites(params ReviewedSite[] reviewed)
        {
            AssertOnlyReviewedSitesIn(RunsOnBoard, reviewed);
        }

        /// <summary>Fails unless the flagged sites of the types that <paramref name="includeType"/> accepts, as compiled for nanoFramework, are exactly <paramref name="reviewed"/>.</summary>
        public void AssertOnlyReviewedSitesIn(Func<string, bool> includeType, params ReviewedSite[] reviewed)
        {
            SortedDictionary<string, List<IlSite>> flagged = FlaggedIn(NanoAssembly(), includeType);

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
