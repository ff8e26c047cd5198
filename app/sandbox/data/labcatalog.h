#pragma once

#include <QList>
#include <QString>
#include <limits>

// The tests the generator orders: real LOINC codes and displays, UCUM units, and the ranges a
// typical laboratory would print, read once from lab-catalog.json. Internal to the sandbox's data
// library.
namespace kete::sandbox::labs {

inline constexpr double none = std::numeric_limits<double>::quiet_NaN();

// A low/high pair; `none` for an open end.
struct Limits
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
    QString loinc;
    QString display;
    QString unit;     // as printed
    QString ucumCode; // UCUM
    int decimals = 0;
    Limits normal;      // adults; for BySex the widest of both
    Limits critical;    // values beyond are HH / LL
    double typical = 0; // a healthy adult's value
    double noise = 0;   // visit-to-visit standard deviation
    RangeStyle style = RangeStyle::Simple;
    Limits male;
    Limits female;
    Limits child; // ages 1 to 17
    QString rangeText;
};

// nullptr for a code not in the catalog.
const LabTest *find(const QString &loinc);
const LabTest &test(const QString &loinc); // asserts it exists

struct Panel
{
    QString loinc;
    QString display;
    QStringList members;
};

const Panel &cbc();
const Panel &basicMetabolic();
const Panel &lipid();

} // namespace kete::sandbox::labs
