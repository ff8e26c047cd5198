#include "merge/mergedrecord.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::merge;
using models::ConditionsModel;

namespace {

const QString kGp = QStringLiteral("gp");
const QString kHospital = QStringLiteral("hospital");

fhir::Condition condition(const QString &id, const QString &name, const QString &system,
                          const QString &code, const QString &status)
{
    const QJsonObject c{
        {QStringLiteral("resourceType"), QStringLiteral("Condition")},
        {QStringLiteral("id"), id},
        {QStringLiteral("clinicalStatus"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("system"),
                   QStringLiteral("http://terminology.hl7.org/CodeSystem/condition-clinical")},
                  {QStringLiteral("code"), status}}}}}},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"), QJsonArray{QJsonObject{{QStringLiteral("system"), system},
                                                               {QStringLiteral("code"), code}}}},
             {QStringLiteral("text"), name}}},
    };
    return fhir::parseCondition(c).value();
}

const QString kSnomed = QStringLiteral("http://snomed.info/sct");
const QString kIcd10 = QStringLiteral("http://hl7.org/fhir/sid/icd-10");

record::Provenance fetched(const QString &base)
{
    return {base, QDateTime::currentDateTimeUtc()};
}

int rowNamed(const QAbstractItemModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, ConditionsModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class TestProvidersConditions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void oneRowPerConditionWithEverySource()
    {
        record::RecordStore gp;
        record::RecordStore hospital;
        MergedRecord merged;
        QAbstractItemModelTester tester(merged.conditions(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        merged.addSource(kGp, QStringLiteral("Kete Family Practice"), &gp);
        merged.addSource(kHospital, QStringLiteral("Kete City Hospital"), &hospital);

        gp.putConditions({condition(QStringLiteral("c1"), QStringLiteral("Diabetes"), kSnomed,
                                    QStringLiteral("44054006"), QStringLiteral("active")),
                          condition(QStringLiteral("c2"), QStringLiteral("Asthma"), kSnomed,
                                    QStringLiteral("195967001"), QStringLiteral("active")),
                          condition(QStringLiteral("c3"), QStringLiteral("Hypertension"), kIcd10,
                                    QStringLiteral("I10"), QStringLiteral("active"))},
                         fetched(QStringLiteral("gp")));
        QSignalSpy inserted(merged.conditions(), &QAbstractItemModel::rowsInserted);
        hospital.putConditions(
            {condition(QStringLiteral("c1"), QStringLiteral("Type 2 diabetes"), kSnomed,
                       QStringLiteral("44054006"), QStringLiteral("resolved")),
             condition(QStringLiteral("c9"), QStringLiteral("High blood pressure"), kIcd10,
                       QStringLiteral("I10"), QStringLiteral("active")),
             condition(QStringLiteral("c10"), QStringLiteral("Appendicitis"), kSnomed,
                       QStringLiteral("74400008"), QStringLiteral("resolved"))},
            fetched(QStringLiteral("hospital")));
        // One new row (appendicitis) for the hospital's page; the others joined theirs.
        QCOMPARE(inserted.size(), 1);

        const ConditionsModel &model = *merged.conditions();
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(merged.store()->conditionCount(), 6);

        const int diabetes = rowNamed(model, QStringLiteral("Diabetes"));
        QVERIFY(diabetes >= 0);
        const auto at = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(at(diabetes, 0, ConditionsModel::SourcesRole).toStringList(),
                 (QStringList{QStringLiteral("Kete Family Practice"),
                              QStringLiteral("Kete City Hospital")}));
        QVERIFY(at(diabetes, 0, ConditionsModel::StatusDiffersRole).toBool());
        QCOMPARE(at(diabetes, ConditionsModel::ClinicalStatusColumn).toString(),
                 QStringLiteral("Active (Kete Family Practice) · Resolved (Kete City Hospital)"));
        QVERIFY2(
            at(diabetes, 0, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Listed by Kete Family Practice, Kete City Hospital")),
            qPrintable(at(diabetes, 0, Qt::ToolTipRole).toString()));

        // ICD-10 when that is all: one row, one status, both sources.
        const int hypertension = rowNamed(model, QStringLiteral("Hypertension"));
        QVERIFY(hypertension >= 0);
        QCOMPARE(at(hypertension, 0, ConditionsModel::SourcesRole).toStringList().size(), 2);
        QVERIFY(!at(hypertension, 0, ConditionsModel::StatusDiffersRole).toBool());
        QCOMPARE(at(hypertension, ConditionsModel::ClinicalStatusColumn).toString(),
                 QStringLiteral("Active"));

        // Without the hospital: its conditions go, the GP's stay as the GP says.
        merged.removeSource(kHospital);
        QCOMPARE(model.rowCount(), 3);
        const int gpDiabetes = rowNamed(model, QStringLiteral("Diabetes"));
        QCOMPARE(at(gpDiabetes, ConditionsModel::ClinicalStatusColumn).toString(),
                 QStringLiteral("Active"));
        QCOMPARE(at(gpDiabetes, 0, ConditionsModel::SourcesRole).toStringList(),
                 QStringList{QStringLiteral("Kete Family Practice")});
        QCOMPARE(rowNamed(model, QStringLiteral("Appendicitis")), -1);
    }

    void enteredInErrorAtOneProviderLeavesTheOther()
    {
        record::RecordStore gp;
        record::RecordStore hospital;
        MergedRecord merged;
        QAbstractItemModelTester tester(merged.conditions(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        merged.addSource(kGp, QStringLiteral("GP"), &gp);
        merged.addSource(kHospital, QStringLiteral("Hospital"), &hospital);
        gp.putConditions({condition(QStringLiteral("c1"), QStringLiteral("Diabetes"), kSnomed,
                                    QStringLiteral("44054006"), QStringLiteral("active"))},
                         fetched(QStringLiteral("gp")));
        hospital.putConditions({condition(QStringLiteral("x"), QStringLiteral("T2DM"), kSnomed,
                                          QStringLiteral("44054006"), QStringLiteral("active"))},
                               fetched(QStringLiteral("h")));
        QCOMPARE(merged.conditions()->rowCount(), 1);
        fhir::Condition wrong = condition(QStringLiteral("c1"), QStringLiteral("Diabetes"), kSnomed,
                                          QStringLiteral("44054006"), QStringLiteral("active"));
        wrong.verificationStatus = fhir::VerificationStatus::EnteredInError;
        gp.putConditions({wrong}, fetched(QStringLiteral("gp")));
        QCOMPARE(merged.conditions()->rowCount(), 1);
        QCOMPARE(merged.conditions()->index(0, 0).data().toString(), QStringLiteral("T2DM"));
        QCOMPARE(merged.conditions()->index(0, 0).data(ConditionsModel::SourcesRole).toStringList(),
                 QStringList{QStringLiteral("Hospital")});
    }
};

QTEST_GUILESS_MAIN(TestProvidersConditions)
#include "tst_providersconditions.moc"
