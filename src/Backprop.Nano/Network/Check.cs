using System;

namespace Backprop.Nano
{
    /// <summary>Argument checks shared by the public API; each throws before any state changes.</summary>
    internal static class Check
    {
        public static void AtLeastOne(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, name + " must be at least 1, was " + value + ".");
            }
        }

        public static void Length(float[] array, int expectedLength, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }
            if (array.Length != expectedLength)
            {
                throw new ArgumentException(
                    name + " must have " + expectedLength + " elements, had " + array.Length + ".", name);
            }
        }

        public static void PositiveFinite(float value, string name)
        {
            if (!(0f < value) || !FloatMath.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, name + " must be a positive finite number, was " + value + ".");
            }
        }

        public static void InUnitInterval(float value, string name)
        {
            if (!(0f <= value && value < 1f))
            {
                throw new ArgumentOutOfRangeException(name, name + " must be in [0, 1), was " + value + ".");
            }
        }

        // A weight or factor: in (0, 1].
        public static void Fraction(float value, string name)
        {
            if (!(0f < value && value <= 1f))
            {
                throw new ArgumentOutOfRangeException(name, name + " must be in (0, 1], was " + value + ".");
            }
        }

        // A hidden layer's activation: one per unit, so not Softmax (OnlineTrainerSettings' HiddenActivation too).
        public static void Defined(Activation activation, string name)
        {
            if (activation < Activation.Identity || activation > Activation.Tanh)
            {
                throw new ArgumentOutOfRangeException(name, activation == Activation.Softmax
                    ? name + " must be Identity, Relu, Sigmoid or Tanh: Softmax is a function of the whole layer, for the output layer only."
                    : name + " is not a defined Activation.");
            }
        }

        // An output layer's activation: any of them (which ones the loss allows, TwoLayerNetwork.InvalidPair says).
        public static void DefinedOutput(Activation activation, string name)
        {
            if (activation < Activation.Identity || activation > Activation.Softmax)
            {
                throw new ArgumentOutOfRangeException(name, name + " is not a defined Activation.");
            }
        }

        public static void Defined(LossFunction lossFunction, string name)
        {
            if (lossFunction < LossFunction.SquaredError || lossFunction > LossFunction.CrossEntropy)
            {
                throw new ArgumentOutOfRangeException(name, name + " is not a defined LossFunction.");
            }
        }

        public static void NotNull(object value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }
        }
    }
}
