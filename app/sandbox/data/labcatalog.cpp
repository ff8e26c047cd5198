#include "sandbox/data/labcatalog.h"

#include "sandbox/data/jsonresource.h"

#include <QJsonArray>
#include <QJsonObject>

namespace kete::sandbox::labs {

namespace {

Limits limitsFrom(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return Limits{object.value(QLatin1String("low")).toDouble(none),
                  object.value(QLatin1String("high")).toDouble(none)};
}

LabTest testFrom(const QJsonObject &object)
{
    LabTest test;
    test.loinc = object.value(QLatin1String("loinc")).toString();
    test.display = object.value(QLatin1String("display")).toString();
    test.unit = object.value(QLatin1String("unit")).toString();
    // Most units are printed as their UCUM code; "ucum" is given only where they differ.
    test.ucumCode = object.value(QLatin1String("ucum")).toString(test.unit);
    test.decimals = object.value(QLatin1String("decimals")).toInt();
    test.normal = limitsFrom(object.value(QLatin1String("normal")));
    test.critical = limitsFrom(object.value(QLatin1String("critical")));
    test.typical = object.value(QLatin1String("typical")).toDouble();
    test.noise = object.value(QLatin1String("noise")).toDouble();
    if (object.contains(QLatin1String("bySex"))) {
        const QJsonObject bySex = object.value(QLatin1String("bySex")).toObject();
        test.style = RangeStyle::BySex;
        test.male = limitsFrom(bySex.value(QLatin1String("male")));
        test.female = limitsFrom(bySex.value(QLatin1String("female")));
        test.child = limitsFrom(bySex.value(QLatin1String("child")));
    } else if (object.contains(QLatin1String("rangeText"))) {
        test.style = RangeStyle::TextOnly;
        test.rangeText = object.value(QLatin1String("rangeText")).toString();
    }
    return test;
}

Panel panelFrom(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    Panel panel{object.value(QLatin1String("loinc")).toString(),
                object.value(QLatin1String("display")).toString(),
                {}};
    for (const QJsonValue &member : object.value(QLatin1String("members")).toArray())
        panel.members.append(member.toString());
    return panel;
}

struct Catalog
{
    QList<LabTest> tests;
    Panel cbc;
    Panel basicMetabolic;
    Panel lipid;
};

const Catalog &catalog()
{
    static const Catalog parsed = [] {
        const QJsonObject root = readJsonResource(QStringLiteral(":/sandbox/lab-catalog.json"));
        Catalog result;
        for (const QJsonValue &test : root.value(QLatin1String("tests")).toArray())
            result.tests.append(testFrom(test.toObject()));
        const QJsonObject panels = root.value(QLatin1String("panels")).toObject();
        result.cbc = panelFrom(panels.value(QLatin1String("cbc")));
        result.basicMetabolic = panelFrom(panels.value(QLatin1String("basicMetabolic")));
        result.lipid = panelFrom(panels.value(QLatin1String("lipid")));
        for (const Panel *panel : {&result.cbc, &result.basicMetabolic, &result.lipid}) {
            if (panel->members.isEmpty())
                qFatal("lab-catalog.json: a panel has no members");
        }
        return result;
    }();
    return parsed;
}

} // namespace

const LabTest *find(const QString &loinc)
{
    for (const LabTest &candidate : catalog().tests) {
        if (candidate.loinc == loinc)
            return &candidate;
    }
    return nullptr;
}

const LabTest &test(const QString &loinc)
{
    const LabTest *found = find(loinc);
    Q_ASSERT_X(found, "labs::test", qPrintable(loinc));
    return *found;
}

const Panel &cbc()
{
    return catalog().cbc;
}

const Panel &basicMetabolic()
{
    return catalog().basicMetabolic;
}

const Panel &lipid()
{
    return catalog().lipid;
}

} // namespace kete::sandbox::labs
