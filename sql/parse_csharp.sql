-- parse_csharp: definitions, references and imports extracted from C#
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
using System;
using System.Text;
using static System.Math;
using Json = Newtonsoft.Json.JsonConvert;
global using System.Linq;

namespace Acme.Geometry
{
    public interface IShape : IComparable<IShape>
    {
        double Area();
        string Describe() => $"{GetType().Name}: {Area()}";
    }

    [Serializable]
    public abstract class Shape : IShape
    {
        public const int MaxSides = 12, MinSides = 3;
        private static readonly string Label = "shape";

        protected Shape() { Registry.Add(this); }
        public abstract double Area();
        public int CompareTo(IShape other) => Area().CompareTo(other?.Area());
        public int Sides { get; set; }

        public class Visitor
        {
            public void Visit(Shape s) => s.Accept(this);
        }
    }

    public struct Point { public int X; public Point(int x) { X = x; } }
    public enum Color { Red, Green }
    public record Person(string Name) : Entity(Name);
    public record struct Pair(int A, int B);
    public delegate void ShapeHandler(Shape sender);

    namespace Shapes
    {
        class Circle : Shape, System.IDisposable
        {
            public override double Area() { return PI * Pow(radius, 2); }

            public void Dispose()
            {
                var sb = new StringBuilder();
                sb.Append(Json.SerializeObject(this));
                var points = new List<Point>();
                Func<int, int> twice = x => x * 2;
                int Square(int y) => y * y;
                Console.WriteLine(Square(twice(3)));
                this.Reset<int>();
            }
        }
    }
}
$src$, 'csharp')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- a file-scoped namespace names everything after it
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
namespace Acme.Tools;

using Acme.Geometry;

public static class Extensions
{
    public static bool IsEmpty(this string s) => string.IsNullOrEmpty(s);
}

file sealed class Hidden : Extensions.Base<int> { }
$src$, 'csharp')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
