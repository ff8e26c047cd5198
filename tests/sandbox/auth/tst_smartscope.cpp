#include "sandbox/auth/smartscope.h"
#include "sandbox/faults.h"

#include <QTest>

using namespace kete::sandbox;

namespace {

const QString lab =
    QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
const QString vitals =
    QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category|vital-signs");

AccessGrant grantOf(const QString &scopes)
{
    AccessGrant grant;
    grant.scopes = scopes.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return grant;
}

} // namespace

class tst_SmartScope : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("permissions"); // which of c r u d s are set
        QTest::addColumn<bool>("v2");

        QTest::newRow("v1 read") << "patient/Observation.read" << true << "Observation"
                                 << "rs" << false;
        QTest::newRow("v1 wildcard read") << "patient/*.read" << true << "*"
                                          << "rs" << false;
        QTest::newRow("v1 write") << "user/*.write" << true << "*"
                                  << "cud" << false;
        QTest::newRow("v1 star") << "user/Condition.*" << true << "Condition"
                                 << "cruds" << false;
        QTest::newRow("v2 rs") << "patient/Observation.rs" << true << "Observation"
                               << "rs" << true;
        QTest::newRow("v2 s") << "patient/Condition.s" << true << "Condition"
                              << "s" << true;
        QTest::newRow("v2 cruds") << "user/Patient.cruds" << true << "Patient"
                                  << "cruds" << true;
        QTest::newRow("v2 restricted")
            << (QStringLiteral("patient/Observation.rs?category=") + lab) << true << "Observation"
            << "rs" << true;
        QTest::newRow("system level") << "system/*.read" << true << "*"
                                      << "rs" << false;
        QTest::newRow("wrong order") << "patient/Observation.sr" << false << ""
                                     << "" << false;
        QTest::newRow("repeated letter") << "patient/Observation.rrs" << false << ""
                                         << "" << false;
        QTest::newRow("unknown letter") << "patient/Observation.rx" << false << ""
                                        << "" << false;
        QTest::newRow("empty permissions") << "patient/Observation." << false << ""
                                           << "" << false;
        QTest::newRow("unknown level") << "doctor/Observation.read" << false << ""
                                       << "" << false;
        QTest::newRow("lower-case type") << "patient/observation.read" << false << ""
                                         << "" << false;
        QTest::newRow("v1 with restriction")
            << "patient/Observation.read?category=laboratory" << false << ""
            << "" << false;
        QTest::newRow("empty restriction") << "patient/Observation.rs?" << false << ""
                                           << "" << false;
        QTest::newRow("context scope") << "openid" << false << ""
                                       << "" << false;
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const std::optional<SmartScope> scope = SmartScope::parse(text);
        QCOMPARE(scope.has_value(), valid);
        if (!valid)
            return;
        QFETCH(QString, type);
        QFETCH(QString, permissions);
        QFETCH(bool, v2);
        QCOMPARE(scope->resourceType, type);
        QCOMPARE(scope->create, permissions.contains(QLatin1Char('c')));
        QCOMPARE(scope->read, permissions.contains(QLatin1Char('r')));
        QCOMPARE(scope->update, permissions.contains(QLatin1Char('u')));
        QCOMPARE(scope->remove, permissions.contains(QLatin1Char('d')));
        QCOMPARE(scope->search, permissions.contains(QLatin1Char('s')));
        QCOMPARE(scope->isV2, v2);
    }

    void restrictionsAreDecoded()
    {
        const auto scope =
            SmartScope::parse(QStringLiteral("patient/Observation.rs?category=") + lab);
        QVERIFY(scope);
        QCOMPARE(scope->restrictions.size(), 1);
        QCOMPARE(scope->restrictions.constFirst().first, QStringLiteral("category"));
        QCOMPARE(scope->restrictions.constFirst().second, lab);
    }

    void supportedScopes_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<bool>("supported");
        QTest::newRow("openid") << "openid" << true;
        QTest::newRow("fhirUser") << "fhirUser" << true;
        QTest::newRow("launch/patient") << "launch/patient" << true;
        QTest::newRow("offline_access") << "offline_access" << true;
        QTest::newRow("online_access") << "online_access" << true;
        QTest::newRow("patient v1") << "patient/*.read" << true;
        QTest::newRow("user v2") << "user/Observation.rs" << true;
        QTest::newRow("system (no client credentials here)") << "system/*.read" << false;
        QTest::newRow("EHR launch") << "launch" << false;
        QTest::newRow("garbage") << "read_everything" << false;
    }

    void supportedScopes()
    {
        QFETCH(QString, scope);
        QFETCH(bool, supported);
        QCOMPARE(isSupportedScope(scope), supported);
    }

    void permits_data()
    {
        QTest::addColumn<QString>("scopes");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("search");      // false: read
        QTest::addColumn<QString>("category"); // search parameter, empty: none
        QTest::addColumn<bool>("permitted");

        const QString none;
        QTest::newRow("v1 read: read") << "patient/Observation.read"
                                       << "Observation" << false << none << true;
        QTest::newRow("v1 read: search") << "patient/Observation.read"
                                         << "Observation" << true << none << true;
        QTest::newRow("v1 read: other type") << "patient/Observation.read"
                                             << "Condition" << true << none << false;
        QTest::newRow("v1 wildcard: Condition") << "patient/*.read"
                                                << "Condition" << true << none << true;
        QTest::newRow("v1 write only: read") << "user/*.write"
                                             << "Observation" << false << none << false;
        QTest::newRow("v2 r: read") << "patient/Observation.r"
                                    << "Observation" << false << none << true;
        QTest::newRow("v2 r: search") << "patient/Observation.r"
                                      << "Observation" << true << none << false;
        QTest::newRow("v2 s: search") << "patient/Observation.s"
                                      << "Observation" << true << none << true;
        QTest::newRow("v2 s: read") << "patient/Observation.s"
                                    << "Observation" << false << none << false;
        QTest::newRow("v2 wildcard rs") << "user/*.rs"
                                        << "DiagnosticReport" << true << none << true;
        QTest::newRow("v2 c only") << "patient/Observation.c"
                                   << "Observation" << false << none << false;
        const QString restricted = QStringLiteral("patient/Observation.rs?category=") + lab;
        QTest::newRow("restricted: matching search")
            << restricted << "Observation" << true << lab << true;
        QTest::newRow("restricted: other category")
            << restricted << "Observation" << true << vitals << false;
        QTest::newRow("restricted: OR list leaving the restriction")
            << restricted << "Observation" << true << (lab + QLatin1Char(',') + vitals) << false;
        QTest::newRow("restricted: no category")
            << restricted << "Observation" << true << none << false;
        QTest::newRow("restricted: read by id")
            << restricted << "Observation" << false << none << false;
        QTest::newRow("restricted + unrestricted vitals")
            << (restricted + QStringLiteral(" patient/Observation.rs?category=") + vitals)
            << "Observation" << true << vitals << true;
        QTest::newRow("no resource scopes") << "openid fhirUser launch/patient"
                                            << "Patient" << false << none << false;
        QTest::newRow("system scopes never permit") << "system/*.read"
                                                    << "Observation" << true << none << false;
        QTest::newRow("several scopes") << "patient/Condition.rs patient/Observation.read"
                                        << "Observation" << true << none << true;
    }

    void permits()
    {
        QFETCH(QString, scopes);
        QFETCH(QString, type);
        QFETCH(bool, search);
        QFETCH(QString, category);
        QFETCH(bool, permitted);
        QList<SearchParameter> parameters{{QStringLiteral("patient"), QStringLiteral("p1")}};
        if (!category.isEmpty())
            parameters.append({QStringLiteral("category"), category});
        const Interaction interaction = search ? Interaction::Search : Interaction::Read;
        QCOMPARE(grantOf(scopes).permits(type, interaction, parameters), permitted);
        // Parsed once when issued (TokenStore), the same answer.
        AccessGrant issued = grantOf(scopes);
        issued.keepParsedScopes();
        QCOMPARE(issued.permits(type, interaction, parameters), permitted);
    }

    void keptScopesFollowAChange()
    {
        // Issue 20: a token's scopes are parsed once. A grant whose scopes change afterwards (a
        // refresh that narrows them) is checked against its scopes now, never the kept parse.
        AccessGrant grant = grantOf(QStringLiteral("patient/Observation.rs patient/Condition.rs"));
        grant.keepParsedScopes();
        const AccessGrant copy = grant; // TokenStore hands out copies
        QVERIFY(copy.permits(QStringLiteral("Observation"), Interaction::Read));
        grant.scopes = QStringList{QStringLiteral("patient/Condition.rs")};
        QVERIFY(!grant.permits(QStringLiteral("Observation"), Interaction::Read));
        QVERIFY(grant.permits(QStringLiteral("Condition"), Interaction::Read));
        QVERIFY(copy.permits(QStringLiteral("Observation"), Interaction::Read));

        grant.fhirUser = QStringLiteral("Practitioner/pr1");
        grant.scopes = QStringList{QStringLiteral("user/Condition.rs")};
        QVERIFY(!grant.isPatientLevelFor(QStringLiteral("Condition"), Interaction::Read));
    }

    void patientLevel_data()
    {
        QTest::addColumn<QString>("scopes");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("fhirUser");
        QTest::addColumn<bool>("patientLevel");
        const QString clinician = QStringLiteral("Practitioner/pr1");
        const QString patient = QStringLiteral("Patient/p1");
        QTest::newRow("patient scope") << "patient/Observation.rs"
                                       << "Observation" << clinician << true;
        QTest::newRow("user scope") << "user/Observation.rs"
                                    << "Observation" << clinician << false;
        QTest::newRow("user wins over patient") << "patient/*.read user/Observation.read"
                                                << "Observation" << clinician << false;
        QTest::newRow("user for another type only") << "patient/*.read user/Condition.read"
                                                    << "Observation" << clinician << true;
        QTest::newRow("restricted patient scope") << "patient/Observation.rs?category=laboratory"
                                                  << "Observation" << clinician << true;
        QTest::newRow("nothing permits") << "openid"
                                         << "Observation" << clinician << false;
        // user/ means what this user may see: a patient sees their own record only.
        QTest::newRow("patient user: user scope") << "user/Observation.rs"
                                                  << "Observation" << patient << true;
        QTest::newRow("patient user: user/*.*") << "launch/patient user/*.*"
                                                << "Condition" << patient << true;
        QTest::newRow("patient user: user scope does not widen")
            << "patient/*.read user/Observation.read"
            << "Observation" << patient << true;
        QTest::newRow("patient user: patient scope") << "patient/*.rs"
                                                     << "Patient" << patient << true;
        QTest::newRow("nobody named: user scope") << "user/*.rs"
                                                  << "Observation" << QString() << true;
    }

    void patientLevel()
    {
        QFETCH(QString, scopes);
        QFETCH(QString, type);
        QFETCH(QString, fhirUser);
        QFETCH(bool, patientLevel);
        AccessGrant grant = grantOf(scopes);
        grant.fhirUser = fhirUser;
        QCOMPARE(grant.isPatientLevelFor(type, Interaction::Search), patientLevel);
        grant.keepParsedScopes();
        QCOMPARE(grant.isPatientLevelFor(type, Interaction::Search), patientLevel);
    }

    void faultNamesRoundTrip()
    {
        const QStringList names = FaultPlan::allNames();
        QCOMPARE(names.size(), 24);
        for (const QString &name : names) {
            const std::optional<Fault> fault = FaultPlan::fromName(name);
            QVERIFY2(fault, qPrintable(name));
            QCOMPARE(FaultPlan::name(*fault), name);
        }
        QCOMPARE(FaultPlan::fromName(QStringLiteral("scope-downgrade")), Fault::ScopeDowngrade);
        QVERIFY(!FaultPlan::fromName(QStringLiteral("no-such-fault")));
    }
};

QTEST_GUILESS_MAIN(tst_SmartScope)
#include "tst_smartscope.moc"
