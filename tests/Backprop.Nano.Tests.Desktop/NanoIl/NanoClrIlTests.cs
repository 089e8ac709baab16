using System.Collections.Generic;
using System.Linq;
using System.Reflection.Emit;
using Backprop.Nano.Tests.NanoIl;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only: arithmetic that nanoCLR does differently from .NET, found in the IL compiled for
    /// nanoFramework, because the desktop runtime cannot reproduce it. Each flagged instruction must be
    /// on a reviewed list with the reason it is safe on the device.
    /// </summary>
    [TestClass]
    public class NanoClrIlTests
    {
        // nanoCLR throws for float and double division and remainder by zero (CLR_RT_HeapBlock::NumericDiv
        // and NumericRem) where .NET gives ±Inf or NaN. A non-zero constant divisor cannot be zero.
        private static readonly NanoIlRule FloatDivision = new NanoIlRule("float division and remainder", site =>
            IsDivision(site.Instruction.OpCode)
            && site.Operands.Any(IlStackWalker.IsFloat)
            && !(site.Previous != null && !site.IsJumpTarget && IsFloatConstant(site.Previous.OpCode)
                 && site.Previous.Number != 0 && !double.IsNaN(site.Previous.Number)));

        // Float to integer conversion of NaN, infinity or an out-of-range value is undefined in C and
        // nanoCLR converts with a C cast, so the result may differ from .NET's (saturation since .NET 9).
        private static readonly NanoIlRule FloatToInteger = new NanoIlRule("float to integer conversions", site =>
            site.Instruction.OpCode.Name.StartsWith("conv.", System.StringComparison.Ordinal)
            && !site.Instruction.OpCode.Name.StartsWith("conv.r", System.StringComparison.Ordinal)
            && site.Operands.Any(IlStackWalker.IsFloat));

        // nanoCLR's Compare_Values returns "greater" when either float is NaN, so these six opcodes
        // answer differently from .NET for NaN (a > b and a >= b are true). C# written with < and <=
        // compiles to the other, NaN-correct forms (clt, cgt.un, blt, ble, bge.un, bgt.un).
        private static readonly NanoIlRule NanWrongComparison = new NanoIlRule("float comparisons that nanoCLR gets wrong for NaN", site =>
            IsNanWrongComparison(site.Instruction.OpCode) && site.Operands.Any(IlStackWalker.IsFloat));

        // nanoCLR ignores the overflow flag ("For V1, we don't throw on overflow" in CLR_RT_HeapBlock::Convert;
        // add.ovf is plain add): checked arithmetic would silently wrap on the device.
        private static readonly NanoIlRule OverflowChecked = new NanoIlRule("overflow-checked instructions", site =>
            site.Instruction.OpCode.Name.Contains(".ovf", System.StringComparison.Ordinal));

        // conv.r.un treated its operand as signed before nf-interpreter 7e3c359d1 (2026-05-11):
        // unsigned values of 2^31 and more came out negative on older firmware.
        private static readonly NanoIlRule UnsignedToFloat = new NanoIlRule("unsigned-to-float conversions", site =>
            site.Instruction.OpCode == OpCodes.Conv_R_Un);

        // nanoCLR's Compare_Values calls any two infinities equal, whatever their signs.
        private static readonly NanoIlRule InfinityComparison = new NanoIlRule("comparisons with an infinity constant", site =>
            IsComparison(site.Instruction.OpCode) && site.Previous != null && IsFloatConstant(site.Previous.OpCode)
            && double.IsInfinity(site.Previous.Number));

        [TestMethod]
        public void Float_comparisons_are_the_forms_nanoClr_gets_right_for_NaN()
        {
            // The shared tests too: their assertions run on the device, where a NaN must fail them.
            NanWrongComparison.AssertOnlyReviewedSitesIn(NanoIlRule.RunsOnBoardOrInSharedTests);
        }

        [TestMethod]
        public void No_overflow_checked_arithmetic_or_conversion()
        {
            OverflowChecked.AssertOnlyReviewedSites();
        }

        [TestMethod]
        public void Unsigned_to_float_conversions_are_reviewed()
        {
            const string N = "Backprop.Nano.";
            UnsignedToFloat.AssertOnlyReviewedSites(
                new ReviewedSite(N + "DeterministicRandom.NextFloat()", 1, "NextUInt() >> 8 is below 2^24"),
                new ReviewedSite(N + "LittleEndian.BitsToSingle(uint32)", 2, "the mantissa field, below 2^23"));
        }

        [TestMethod]
        public void Comparisons_with_infinity_are_reviewed()
        {
            InfinityComparison.AssertOnlyReviewedSites(
                new ReviewedSite("Backprop.Nano.FloatMath.Sqrt(float32)", 1, "x == +inf after NaN and negatives returned, so x cannot be -inf"));
        }

        [TestMethod]
        public void Float_division_and_remainder_are_by_a_nonzero_constant_or_reviewed()
        {
            const string N = "Backprop.Nano.";
            FloatDivision.AssertOnlyReviewedSites(
                new ReviewedSite(N + "AnomalyScore.Add(float32)", 2, "spread is floored at MinimumSpread > 0; _count >= 1 after its increment"),
                new ReviewedSite(N + "LevelDrift.Add(float32[])", 1, "by the limit h, checked positive and finite in the constructor"),
                new ReviewedSite(N + "Activations.Softmax(float32[], float32[], int32)", 1, "only after 1 <= sum (its largest term is e^0 = 1; false for NaN)"),
                new ReviewedSite(N + "Adam.Descend(float32[], float32[], float32[], float32[], float32, float32, float32, float32, float32, float32)", 1,
                    "Sqrt(v c2) + epsilon >= epsilon > 0: v >= 0, c2 > 0, epsilon checked positive at construction (NaN does not throw)"),
                new ReviewedSite(N + "AdamOptimizer.Update()", 3,
                    "1 - beta^t >= 1 - beta > 0: beta in [0, 1) is checked, beta^t is clamped to <= beta; PendingSamples >= 1 as in SgdOptimizer"),
                new ReviewedSite(N + "DeviceBenchmark.Time(Backprop.Nano.TwoLayerNetwork, Backprop.Nano.IOptimizer, float32[][], float32[][], int32, boolean)", 1,
                    "10 * steps, and Run checks steps >= 1"),
                new ReviewedSite(N + "DeviceBenchmark.RunReadings(int32)", 3, "10 * readings, checked >= 1; 10 * samples only when samples > 0"),
                new ReviewedSite(N + "ModelFormat.CheckAdamMeaning(byte[], int32, int32, float32, float32)", 4,
                    "by beta2 only when it is not 0, by beta2^t only when not 0, by 1 - r only when r != 1, by 1 - beta2 > 0 (beta2 < 1)"),
                new ReviewedSite(N + "OnlineTrainer.ReplayLoss()", 1, "count >= 1 where it divides"),
                new ReviewedSite(N + "FloatMath.LogOnePlusSmall(float32)", 1, "2 + f >= 1.7: its callers pass f in [sqrt(2)/2 - 1, sqrt(2) - 1)"),
                new ReviewedSite(N + "FloatMath.Sigmoid(float32)", 2, "1 + Exp(..) >= 1, as Exp is >= 0 or NaN"),
                new ReviewedSite(N + "FloatMath.Sqrt(float32)", 3, "Newton iterate y starts at 0.343146 + 0.686292 x >= 0.51 for x in [0.25, 1) and stays >= sqrt(x) >= 0.5"),
                new ReviewedSite(N + "FloatMath.Tanh(float32)", 2, "2 + (e^-2a - 1) > 1 for a >= 0, and 1 + Exp(..) >= 1"),
                new ReviewedSite(N + "OnlineStandardizer.SetLoadedSampleCount(int32)", 1, "Scale is 1 or Spread, which is >= 1e-3 or NaN"),
                new ReviewedSite(N + "OnlineStandardizer.Update(float32[])", 2,
                    "n = EffectiveCount >= 1 after SampleCount was incremented (it saturates, never wraps); Scale is 1 or Spread, >= 1e-3 or NaN"),
                new ReviewedSite(N + "OnlineStandardizer.Variance(int32)", 1, "only when n = EffectiveCount >= 2"),
                new ReviewedSite(N + "HitRate.get_Rate()", 1, "Count >= 1 where it divides"),
                new ReviewedSite(N + "OnlineTrainer.CompletesPoint()", 1, "Downsample >= 1 (validated)"),
                new ReviewedSite(N + "OnlineTrainer.RegrowLearningRate()", 1, "LearningRateBackoff is checked to be in (0, 1]"),
                new ReviewedSite(N + "OnlineTrainer.SendReport()", 1, "10 * _stepsSinceReport, sent when it reaches ReportInterval >= 1"),
                new ReviewedSite(N + "SgdOptimizer.Update()", 1, "PendingSamples >= 1: Step calls it on a full batch, Flush only when > 0"),
                new ReviewedSite(N + "SyntheticSensor..ctor(int32, uint32, float32)", 1, "Periods holds the constants 5000, 200, 37"),
                new ReviewedSite(N + "TwoLayerNetwork.InitLimit(Backprop.Nano.Activation, int32, int32)", 1, "fan-in (+ fan-out), layer sizes are >= 1"));
        }

        [TestMethod]
        public void Float_to_integer_conversions_are_reviewed()
        {
            const string N = "Backprop.Nano.";
            FloatToInteger.AssertOnlyReviewedSites(
                new ReviewedSite(N + "DecimalText.Format(float32)", 1, "scaled is in [1, 10) for finite non-zero values, so digits < 1000001"),
                new ReviewedSite(N + "FloatMath.Exp(float32)", 1, "x in [-87.4, 88.8] after the range checks, so |k| <= 128"),
                new ReviewedSite(N + "FloatMath.Sin(float32)", 1, "|x| <= 1e5 after the range check, so |k| <= 15916"),
                new ReviewedSite(N + "LittleEndian.SingleToBits(float32)", 2, "subnormal magnitude * 2^149 and (m - 1) * 2^23 for m in [1, 2) are integers below 2^23"),
                new ReviewedSite(N + "ReportLine.IsCount(float64)", 1, "after 0 <= value && value <= int.MaxValue (false for NaN)"),
                new ReviewedSite(N + "ReportLine.IsStep(float64)", 1, "after 0 <= value && value <= 2^53 (false for NaN)"),
                new ReviewedSite(N + "OnlineTrainer.AddReading(float32[])", 2, "a label, after 0 <= label && label < ClassCount (false for NaN)"),
                new ReviewedSite(N + "ReportLine.TryParse(string, Backprop.Nano.TrainingReport)", 9, "step after IsStep, and the eight counters after IsCount"),
                new ReviewedSite(N + "SyntheticSensor.ToCounts(float32)", 1, "after clamping to [0, 4095]"));
        }

        [TestMethod]
        public void The_rules_flag_what_they_must_in_known_code()
        {
            AssertFlaggedSamples(FloatDivision,
                "ByVariable(float32, float32)", "ByZero(float32)", "ByEitherConstant(float32, boolean)", "RemainderByElement(float64, float64[])", "ByCount(float32[])");
            AssertFlaggedSamples(FloatToInteger, "Truncates(float32)", "ToLong(float64)");
            AssertFlaggedSamples(NanWrongComparison, "Greater(float32, float32)", "WhenAtLeast(float32, float32)");
        }

        // Exactly these methods of Samples, one site each.
        private static void AssertFlaggedSamples(NanoIlRule rule, params string[] methods)
        {
            string samples = typeof(Samples).FullName.Replace('+', '/');
            SortedDictionary<string, List<IlSite>> flagged = rule.FlaggedIn(typeof(Samples).Assembly.Location, type => type == samples);
            string[] names = flagged.Keys.Select(name => name.Substring(samples.Length + 1)).ToArray();
            CollectionAssert.AreEquivalent(methods, names, "flagged: " + string.Join(", ", names));
            Assert.IsTrue(flagged.Values.All(sites => sites.Count == 1), "one site each");
        }

        // Compiled by the desktop compiler, so the walker also meets Debug and Release IL shapes.
        private static class Samples
        {
            public static float ByVariable(float x, float y) => x / y;
            public static float ByZero(float x) => x / 0f;
            public static float ByConstant(float x) => x / 4f;
            public static double ByDoubleConstant(double x) => x % 3.0;
            public static float ByEitherConstant(float x, bool half) => x / (half ? 2f : 0f);
            public static double RemainderByElement(double x, double[] values) => x % values[0];
            public static int IntegerDivision(int a, int b) => a / b;
            public static int Truncates(float x) => (int)x;
            public static long ToLong(double x) => (long)x;
            public static float FromInteger(int a) => a;
            public static bool Greater(float a, float b) => a > b;
            public static bool Less(float a, float b) => a < b;
            public static bool AtMost(float a, float b) => a <= b;
            public static int WhenAtLeast(float a, float b) => a >= b ? 1 : 2;
            public static int WhenBelow(float a, float b) => b < a ? 1 : 2;

            public static float ByCount(float[] values)
            {
                float sum = 0f;
                for (int k = 0; k < values.Length; k++) sum += values[k];
                return sum / values.Length;
            }
        }

        private static bool IsDivision(OpCode op) => op == OpCodes.Div || op == OpCodes.Div_Un || op == OpCodes.Rem || op == OpCodes.Rem_Un;

        private static bool IsNanWrongComparison(OpCode op) =>
            op == OpCodes.Bgt || op == OpCodes.Bgt_S || op == OpCodes.Bge || op == OpCodes.Bge_S || op == OpCodes.Cgt
            || op == OpCodes.Ble_Un || op == OpCodes.Ble_Un_S || op == OpCodes.Blt_Un || op == OpCodes.Blt_Un_S || op == OpCodes.Clt_Un;

        private static bool IsComparison(OpCode op) =>
            op == OpCodes.Ceq || op == OpCodes.Cgt || op == OpCodes.Cgt_Un || op == OpCodes.Clt || op == OpCodes.Clt_Un
            || (op.FlowControl == FlowControl.Cond_Branch && op.StackBehaviourPop == StackBehaviour.Pop1_pop1);

        private static bool IsFloatConstant(OpCode op) => op == OpCodes.Ldc_R4 || op == OpCodes.Ldc_R8;
    }
}
