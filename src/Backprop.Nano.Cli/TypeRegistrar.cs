using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The smallest dependency injection Spectre.Console.Cli needs: registered instances and types (several
    /// per service, resolved as IEnumerable&lt;T&gt;), and unregistered classes such as the commands built
    /// through their constructor. It lets commands take a <see cref="CliConsole"/> instead of reaching for
    /// System.Console, without a DI package.
    /// </summary>
    public sealed class TypeRegistrar : ITypeRegistrar
    {
        private readonly Dictionary<Type, List<Func<TypeResolver, object>>> _factories = new Dictionary<Type, List<Func<TypeResolver, object>>>();

        /// <inheritdoc />
        public void Register(Type service, Type implementation)
        {
            Add(service, resolver => resolver.Construct(implementation));
        }

        /// <inheritdoc />
        public void RegisterInstance(Type service, object implementation)
        {
            Add(service, _ => implementation);
        }

        /// <inheritdoc />
        public void RegisterLazy(Type service, Func<object> factory)
        {
            Add(service, _ => factory());
        }

        /// <inheritdoc />
        public ITypeResolver Build()
        {
            return new TypeResolver(_factories.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray()));
        }

        private void Add(Type service, Func<TypeResolver, object> factory)
        {
            if (!_factories.TryGetValue(service, out List<Func<TypeResolver, object>> list)) _factories[service] = list = new List<Func<TypeResolver, object>>();
            list.Add(factory);
        }

        /// <summary>Resolves what was registered; builds unregistered concrete classes from it.</summary>
        public sealed class TypeResolver : ITypeResolver
        {
            private readonly Dictionary<Type, Func<TypeResolver, object>[]> _factories;

            internal TypeResolver(Dictionary<Type, Func<TypeResolver, object>[]> factories)
            {
                _factories = factories;
            }

            /// <summary>The service (the last registration wins), every registration for IEnumerable&lt;T&gt;, or null so that Spectre uses its default.</summary>
            public object Resolve(Type type)
            {
                if (type == null) return null;
                if (_factories.TryGetValue(type, out Func<TypeResolver, object>[] factories)) return factories[factories.Length - 1](this);
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                {
                    Type element = type.GetGenericArguments()[0];
                    _factories.TryGetValue(element, out Func<TypeResolver, object>[] all);
                    all = all ?? Array.Empty<Func<TypeResolver, object>>();
                    Array items = Array.CreateInstance(element, all.Length);
                    for (int k = 0; k < all.Length; k++) items.SetValue(all[k](this), k);
                    return items;
                }
                return type.IsClass && !type.IsAbstract && !type.ContainsGenericParameters ? Construct(type) : null;
            }

            internal object Construct(Type type)
            {
                // The public constructor with the most parameters that all resolve.
                foreach (ConstructorInfo constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
                {
                    ParameterInfo[] parameters = constructor.GetParameters();
                    var arguments = new object[parameters.Length];
                    bool resolved = true;
                    for (int k = 0; k < parameters.Length && resolved; k++)
                    {
                        arguments[k] = Resolve(parameters[k].ParameterType);
                        resolved = arguments[k] != null;
                    }
                    if (resolved) return constructor.Invoke(arguments);
                }
                return null;
            }
        }
    }
}
