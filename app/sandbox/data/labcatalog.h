#pragma once

#include <QList>
#include <QString>
#include <limits>

// The tests the generator orders: real LOINC codes and displays, UCUM units, and the ranges a
// typical laboratory would print. Internal to the sandbox's data library.
namespace kete::sandbox::labs {

inline constexpr double none = std::numeric_limits<double>::quiet_NaN();

struct Range
{
    double low = none;
    double high = none;
};

enum class RangeStyle
{
    Simple,   // one low/high range
    BySex,    // one range per sex (appliesTo), and an age range for children
    TextOnly, // referenceRange.text only
};

struct LabTest
{
    const char *loinc;
    const char *display;
    const char *unit;     // as printed
    const char *ucumCode; // UCUM
    int decimals;
    Range normal;   // adults; for BySex the widest of both
    Range critical; // values beyond are HH / LL
    double typical; // a healthy adult's value
    double noise;   // visit-to-visit standard deviation
    RangeStyle style = RangeStyle::Simple;
    Range male = {};
    Range female = {};
    Range child = {}; // ages 1 to 17
    const char *rangeText = nullptr;
};

// nullptr for a code not in the catalog.
const LabTest *find(const char *loinc);
const LabTest &test(const char *loinc); // asserts it exists

struct Panel
{
    const char *loinc;
    const char *display;
    QList<const char *> members;
};

const Panel &cbc();
const Panel &basicMetabolic();
const Panel &lipid();

} // namespace kete::sandbox::labs
