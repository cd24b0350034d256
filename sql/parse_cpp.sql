-- parse_cpp: definitions, references and imports extracted from C++
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
#include "geometry/shape.h"
#include <vector>
#define MAX_SHAPES 64
#define SQUARE(x) ((x) * (x))

using namespace std;
using std::string;
namespace fs = std::filesystem;

constexpr int kVersion = 3;
static const char *const kName = "geo";
typedef unsigned long size_type;
typedef int (*compare_fn)(const void *, const void *);

namespace geo {
namespace detail {
inline int clamp(int v) { return v < 0 ? 0 : v; }
}

enum class Color : int { Red, Green };
struct Point { int x, y; };
union Value { int i; double d; };
using PointList = std::vector<Point>;

class Shape {
public:
    Shape() : id_(0) {}
    virtual ~Shape() {}
    virtual double area() const = 0;
    bool operator==(const Shape &o) const { return id_ == o.id_; }
    static constexpr int kSides = 0;
    class Visitor { void visit(Shape &s) { s.accept(*this); } };
private:
    int id_;
};

template <typename T>
class Box : public Shape, private std::vector<T> {
public:
    T get() const { return helper(value_); }
    double area() const override;
    void target_fn();
private:
    T value_;
};

template <typename T>
double Box<T>::area() const { return detail::clamp(1); }

template <typename T>
T max_of(T a, T b) { return a > b ? a : b; }
}

namespace a::b {
void inner() {}
}

void geo::Box::target_fn() {
    Shape *p = new Shape();
    p->area();
    this->get();
    geo::max_of<int>(1, 2);
    std::sort(items.begin(), items.end());
    auto shared = std::make_shared<Point>();
}

int main(int argc, char **argv) {
    auto twice = [](int v) { return v * 2; };
    printf("%d\n", twice(SQUARE(argc)));
    return 0;
}
$src$, 'cpp')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- concepts, alias templates, specializations, export macros, out-of-line
-- members, operators, local using-declarations and dropped local constants
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
#include "export.h"
namespace util {
template <typename T>
concept Hashable = requires(T a) { std::hash<T>{}(a); };
template <typename T>
using Vec = std::vector<T>;
template <>
struct Hasher<int> : HasherBase {};
void log(const char *msg);
}

class API_EXPORT Registry {
    int size() const { return count_; }
};

void util::log(const char *msg) {
    const int level = 2;
    using std::cout;
    cout << msg;
}

Registry::Registry(int n) : count_(n) { reset(); }
Registry::~Registry() { delete impl_; }
void *Registry::operator new(size_t n) { return ::operator new(n); }
std::ostream &operator<<(std::ostream &os, const Registry &r) { return os; }
struct Derived : Registry { using Registry::size; };
$src$, 'cpp')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
