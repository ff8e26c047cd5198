#include "merge/identitycheck.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace kete;
using namespace kete::merge;

namespace {

fhir::Patient patient(const QString &family, const QStringList &given, const QString &birthDate,
                      const QString &gender = QStringLiteral("female"))
{
    QJsonObject p{
        {QStringLiteral("resourceType"), QStringLiteral("Patient")},
        {QStringLiteral("id"), QStringLiteral("p1")},
        {QStringLiteral("gender"), gender},
        {QStringLiteral("name"),
         QJsonArray{QJsonObject{{QStringLiteral("use"), QStringLiteral("official")},
                                {QStringLiteral("family"), family},
                                {QStringLiteral("given"), QJsonArray::fromStringList(given)}}}}};
    if (!birthDate.isEmpty())
        p.insert(QStringLiteral("birthDate"), birthDate);
    return fhir::parsePatient(p).value();
}

IdentityCheck compare(const fhir::Patient &gp, const fhir::Patient &hospital)
{
    return checkIdentity(
        {{QStringLiteral("gp"), QStringLiteral("Kete Family Practice"), gp},
         {QStringLiteral("hospital"), QStringLiteral("Kete City Hospital"), hospital}});
}

} // namespace

class TestProvidersIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void samePersonSpeltDifferently_data()
    {
        QTest::addColumn<fhir::Patient>("gp");
        QTest::addColumn<fhir::Patient>("hospital");
        const QStringList maria{QStringLiteral("María"), QStringLiteral("José")};
        QTest::newRow("accents and case")
            << patient(QStringLiteral("García"), maria, QStringLiteral("1980-05-01"))
            << patient(QStringLiteral("GARCIA"), {QStringLiteral("maria")},
                       QStringLiteral("1980-05-01"));
        QTest::newRow("middle name on one side")
            << patient(QStringLiteral("Smith"), {QStringLiteral("John"), QStringLiteral("Paul")},
                       QStringLiteral("1971-02-03"), QStringLiteral("male"))
            << patient(QStringLiteral("Smith"), {QStringLiteral("John")},
                       QStringLiteral("1971-02-03"), QStringLiteral("male"));
        QTest::newRow("double family name")
            << patient(QStringLiteral("García López"), maria, QStringLiteral("1980-05-01"))
            << patient(QStringLiteral("Garcia"), maria, QStringLiteral("1980-05-01"));
        QTest::newRow("birth year only")
            << patient(QStringLiteral("Ngata"), {QStringLiteral("Aroha")}, QStringLiteral("1990"))
            << patient(QStringLiteral("Ngata"), {QStringLiteral("Aroha")},
                       QStringLiteral("1990-11-23"));
        QTest::newRow("no birth date on one side")
            << patient(QStringLiteral("Ngata"), {QStringLiteral("Aroha")}, QString())
            << patient(QStringLiteral("Ngata"), {QStringLiteral("Aroha")},
                       QStringLiteral("1990-11-23"));
    }
    void samePersonSpeltDifferently()
    {
        QFETCH(fhir::Patient, gp);
        QFETCH(fhir::Patient, hospital);
        const IdentityCheck check = compare(gp, hospital);
        QVERIFY2(!check.mayNotBeSamePerson(), qPrintable(check.message()));
        QVERIFY(check.message().isEmpty());
    }

    void differentNameIsReported()
    {
        const IdentityCheck check =
            compare(patient(QStringLiteral("García"), {QStringLiteral("María")},
                            QStringLiteral("1980-05-01")),
                    patient(QStringLiteral("Smith"), {QStringLiteral("Mary")},
                            QStringLiteral("1980-05-01")));
        QVERIFY(check.mayNotBeSamePerson());
        QCOMPARE(check.differences.size(), 1);
        QCOMPARE(check.differences.constFirst().field, IdentityDifference::Field::Name);
        QCOMPARE(check.differences.constFirst().source, QStringLiteral("hospital"));
        QVERIFY(check.message().startsWith(
            QStringLiteral("These records may not belong to the same person")));
        QVERIFY2(check.message().contains(QStringLiteral("Mary Smith (Kete City Hospital)")),
                 qPrintable(check.message()));
        QVERIFY(check.message().contains(QStringLiteral("(Kete Family Practice)")));
    }

    void differentFirstNameIsReported()
    {
        const IdentityCheck check =
            compare(patient(QStringLiteral("Smith"), {QStringLiteral("John")},
                            QStringLiteral("1971-02-03")),
                    patient(QStringLiteral("Smith"), {QStringLiteral("James")},
                            QStringLiteral("1971-02-03")));
        QCOMPARE(check.differences.size(), 1);
        QCOMPARE(check.differences.constFirst().field, IdentityDifference::Field::Name);
    }

    void differentBirthDateIsReported()
    {
        const IdentityCheck check =
            compare(patient(QStringLiteral("Ngata"), {QStringLiteral("Aroha")},
                            QStringLiteral("1990-11-23")),
                    patient(QStringLiteral("Ngata"), {QStringLiteral("Aroha")},
                            QStringLiteral("1990-11-24")));
        QCOMPARE(check.differences.size(), 1);
        QCOMPARE(check.differences.constFirst().field, IdentityDifference::Field::BirthDate);
        QVERIFY(check.message().contains(QStringLiteral("Birth date")));
    }

    void oneRecordHasNothingToCompare()
    {
        QVERIFY(!checkIdentity({{QStringLiteral("gp"), QStringLiteral("GP"),
                                 patient(QStringLiteral("A"), {QStringLiteral("B")}, {})}})
                     .mayNotBeSamePerson());
    }
};

QTEST_GUILESS_MAIN(TestProvidersIdentity)
#include "tst_providersidentity.moc"
