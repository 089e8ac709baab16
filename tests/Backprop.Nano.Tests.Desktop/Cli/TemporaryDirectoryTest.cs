using System;
using System.IO;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>A base for test classes whose tests write files: each test gets a directory of its own, deleted after it.</summary>
    public abstract class TemporaryDirectoryTest
    {
        private string _directory;

        [TestInitialize]
        public void CreateDirectory()
        {
            _directory = Path.Combine(Path.GetTempPath(), "bpnano-" + GetType().Name + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }

        [TestCleanup]
        public void DeleteDirectory()
        {
            if (_directory != null && Directory.Exists(_directory)) Directory.Delete(_directory, true);
        }

        /// <summary>The path of <paramref name="name"/> in this test's directory.</summary>
        protected string PathOf(string name) => Path.Combine(_directory, name);
    }
}
