#include "smart/scopeset.h"
#include "smart/smartconfiguration.h"
#include "smart/tokenset.h"

#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace kete::smart;

class TestScopeSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void build_data()
    {
        QTest::addColumn<bool>("permissionV2");
        QTest::addColumn<int>("audience");
        QTest::addColumn<QString>("expected");
        QTest::newRow("patient v2")
            << true << int(ScopeAudience::Patient)
            << "patient/Patient.rs patient/Observation.rs patient/Condition.rs "
               "patient/DiagnosticReport.rs patient/Practitioner.rs patient/Organization.rs "
               "launch/patient "
               "openid fhirUser offline_access";
        QTest::newRow("patient v1")
            << false << int(ScopeAudience::Patient)
            << "patient/Patient.read patient/Observation.read patient/Condition.read "
               "patient/DiagnosticReport.read patient/Practitioner.read "
               "patient/Organization.read launch/patient openid fhirUser offline_access";
        QTest::newRow("clinician v2") << true << int(ScopeAudience::Clinician)
                                      << "user/Patient.rs user/Observation.rs user/Condition.rs "
                                         "user/DiagnosticReport.rs user/Practitioner.rs "
                                         "user/Organization.rs openid "
                                         "fhirUser offline_access";
        QTest::newRow("clinician v1")
            << false << int(ScopeAudience::Clinician)
            << "user/Patient.read user/Observation.read user/Condition.read "
               "user/DiagnosticReport.read user/Practitioner.read user/Organization.read "
               "openid fhirUser offline_access";
    }
    void build()
    {
        QFETCH(bool, permissionV2);
        QFETCH(int, audience);
        QFETCH(QString, expected);
        QCOMPARE(ScopeSet::forSignIn(permissionV2, ScopeAudience(audience)).toString(), expected);
    }

    // Issue 11 item 11: a clinician's sign-in runs the provider's patient picker only when they
    // choose it; Kete's own patient search is the default.
    void clinicianAsksLaunchPatientOnlyWhenTheEhrPicks()
    {
        ScopeChoice choice{ScopeAudience::Clinician};
        QVERIFY(!ScopeSet::forSignIn(true, choice).contains(u"launch/patient"));
        choice.ehrPicksPatient = true;
        QVERIFY(ScopeSet::forSignIn(true, choice).contains(u"launch/patient"));
        // A patient's sign-in always names the patient.
        QVERIFY(ScopeSet::forSignIn(true, ScopeChoice{ScopeAudience::Patient})
                    .contains(u"launch/patient"));
    }

    // Issue 11 item 13: after invalid_scope, only what Kete cannot do without; what is left out
    // is said in plain words.
    void essentialOnlyAsksWhatKeteCannotDoWithout_data()
    {
        QTest::addColumn<int>("audience");
        QTest::addColumn<bool>("ehrPicksPatient");
        QTest::addColumn<QString>("expected");
        QTest::newRow("patient") << int(ScopeAudience::Patient) << false
                                 << "patient/Patient.rs patient/Observation.rs "
                                    "patient/Condition.rs launch/patient";
        QTest::newRow("clinician") << int(ScopeAudience::Clinician) << false
                                   << "user/Patient.rs user/Observation.rs user/Condition.rs";
        QTest::newRow("clinician, EHR picks")
            << int(ScopeAudience::Clinician) << true
            << "user/Patient.rs user/Observation.rs user/Condition.rs launch/patient";
    }
    void essentialOnlyAsksWhatKeteCannotDoWithout()
    {
        QFETCH(int, audience);
        QFETCH(bool, ehrPicksPatient);
        QFETCH(QString, expected);
        const ScopeChoice full{ScopeAudience(audience), ehrPicksPatient};
        ScopeChoice essential = full;
        essential.essentialOnly = true;
        QCOMPARE(ScopeSet::forSignIn(true, essential).toString(), expected);
        QCOMPARE(ScopeSet::leftOutByEssentialOnly(full),
                 (QStringList{QStringLiteral("lab reports (which panel a result belongs to)"),
                              QStringLiteral("staying signed in")}));
    }

    void buildFromCapabilities()
    {
        SmartConfiguration config;
        config.capabilities = {QStringLiteral("launch-standalone"),
                               QStringLiteral("permission-v2")};
        QVERIFY(ScopeSet::forSignIn(config, ScopeAudience::Patient)
                    .contains(u"patient/Observation.rs"));
        config.capabilities = {QStringLiteral("launch-standalone"),
                               QStringLiteral("permission-v1")};
        QVERIFY(ScopeSet::forSignIn(config, ScopeAudience::Patient)
                    .contains(u"patient/Observation.read"));
    }

    void covers_data()
    {
        QTest::addColumn<QString>("scopes");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("read");
        QTest::addColumn<bool>("search");
        QTest::newRow("v1 read") << "patient/Observation.read"
                                 << "Observation" << true << true;
        QTest::newRow("v1 other type") << "patient/Condition.read"
                                       << "Observation" << false << false;
        QTest::newRow("v1 write only") << "patient/Observation.write"
                                       << "Observation" << false << false;
        QTest::newRow("v1 star type") << "patient/*.read"
                                      << "Condition" << true << true;
        QTest::newRow("v1 star perm") << "user/Observation.*"
                                      << "Observation" << true << true;
        QTest::newRow("v1 user/*.read") << "user/*.read"
                                        << "Patient" << true << true;
        QTest::newRow("v2 rs") << "patient/Observation.rs"
                               << "Observation" << true << true;
        QTest::newRow("v2 r only") << "patient/Observation.r"
                                   << "Observation" << true << false;
        QTest::newRow("v2 s only") << "patient/Observation.s"
                                   << "Observation" << false << true;
        QTest::newRow("v2 cruds") << "patient/Observation.cruds"
                                  << "Observation" << true << true;
        QTest::newRow("v2 cud") << "patient/Observation.cud"
                                << "Observation" << false << false;
        QTest::newRow("v2 wildcard") << "patient/*.rs"
                                     << "Condition" << true << true;
        QTest::newRow("v2 restricted") << "patient/Observation.rs?category=laboratory"
                                       << "Observation" << true << true;
        QTest::newRow("system ignored") << "system/Observation.read"
                                        << "Observation" << false << false;
        QTest::newRow("not a resource scope") << "openid fhirUser launch/patient"
                                              << "Patient" << false << false;
        QTest::newRow("garbage letters") << "patient/Observation.rx"
                                         << "Observation" << false << false;
        QTest::newRow("empty") << ""
                               << "Observation" << false << false;
    }
    void covers()
    {
        QFETCH(QString, scopes);
        QFETCH(QString, type);
        QFETCH(bool, read);
        QFETCH(bool, search);
        const ScopeSet set = ScopeSet::parse(scopes);
        QCOMPARE(set.covers(type, ScopeAccess::Read), read);
        QCOMPARE(set.covers(type, ScopeAccess::Search), search);
    }

    void notGranted_data()
    {
        QTest::addColumn<bool>("v2");
        QTest::addColumn<QString>("granted");
        QTest::addColumn<QStringList>("missing");
        QTest::newRow("everything") << true
                                    << "patient/Patient.rs patient/Observation.rs "
                                       "patient/Condition.rs patient/DiagnosticReport.rs openid "
                                       "fhirUser offline_access"
                                    << QStringList();
        QTest::newRow("wildcard covers all")
            << false << "patient/*.read offline_access" << QStringList();
        QTest::newRow("no labs, no offline")
            << true
            << "patient/Patient.rs patient/Condition.rs patient/DiagnosticReport.rs openid fhirUser"
            << QStringList{QStringLiteral("lab results"), QStringLiteral("staying signed in")};
        QTest::newRow("v1 no conditions")
            << false
            << "patient/Patient.read patient/Observation.read patient/DiagnosticReport.read "
               "offline_access"
            << QStringList{QStringLiteral("conditions")};
        QTest::newRow("read without search")
            << true
            << "patient/Patient.rs patient/Observation.r patient/Condition.rs "
               "patient/DiagnosticReport.rs offline_access"
            << QStringList{QStringLiteral("lab results")};
    }
    void notGranted()
    {
        QFETCH(bool, v2);
        QFETCH(QString, granted);
        QFETCH(QStringList, missing);
        const ScopeSet requested = ScopeSet::forSignIn(v2, ScopeAudience::Patient);
        QCOMPARE(ScopeSet::parse(granted).notGrantedFrom(requested), missing);
    }

    // A refresh token is "staying signed in" even when the scope string forgets offline_access.
    void refreshTokenCountsAsStayingSignedIn()
    {
        const ScopeSet requested = ScopeSet::forSignIn(true, ScopeAudience::Patient);
        QJsonObject answer{{QStringLiteral("access_token"), QStringLiteral("a")},
                           {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                           {QStringLiteral("scope"), QStringLiteral("patient/*.rs openid")},
                           {QStringLiteral("refresh_token"), QStringLiteral("r")}};
        auto tokens = TokenSet::fromResponse(answer, QDateTime::currentDateTimeUtc(), requested);
        QVERIFY(tokens.ok());
        QCOMPARE(tokens->notGrantedFrom(requested), QStringList());
        answer.remove(QStringLiteral("refresh_token"));
        tokens = TokenSet::fromResponse(answer, QDateTime::currentDateTimeUtc(), requested);
        QCOMPARE(tokens->notGrantedFrom(requested),
                 QStringList{QStringLiteral("staying signed in")});
    }

    void tokenSetParsing()
    {
        const QDateTime now(QDate(2026, 1, 1), QTime(12, 0), QTimeZone::utc());
        const ScopeSet requested = ScopeSet::forSignIn(true, ScopeAudience::Patient);
        const QJsonObject answer{{QStringLiteral("access_token"), QStringLiteral("opaque.not.jwt")},
                                 {QStringLiteral("token_type"), QStringLiteral("bearer")},
                                 {QStringLiteral("expires_in"), 3600},
                                 {QStringLiteral("need_patient_banner"), true},
                                 {QStringLiteral("encounter"), QStringLiteral("e1")}};
        const auto tokens = TokenSet::fromResponse(answer, now, requested);
        QVERIFY(tokens.ok());
        QCOMPARE(tokens->accessToken, QByteArray("opaque.not.jwt"));
        QCOMPARE(tokens->expiresAt, now.addSecs(3600));
        QCOMPARE(tokens->grantedScope, requested); // no scope in the answer: as requested
        QVERIFY(tokens->needPatientBanner);
        QCOMPARE(tokens->encounter, QStringLiteral("e1"));
        QVERIFY(tokens->needsPatientLookup()); // patient-level grant, no patient in the answer
        QVERIFY(tokens->expiresWithin(60, now.addSecs(3550)));
        QVERIFY(!tokens->expiresWithin(60, now.addSecs(3500)));

        // Found by fuzz_tokenresponse: a lifetime too large for an integer.
        for (const QJsonValue &huge : {QJsonValue(3.6e44), QJsonValue(QStringLiteral("3.6e44")),
                                       QJsonValue(QStringLiteral("36111111111111111111111"))}) {
            QJsonObject longLived = answer;
            longLived.insert(QStringLiteral("expires_in"), huge);
            QCOMPARE(TokenSet::fromResponse(longLived, now, requested)->expiresAt,
                     now.addDays(366));
        }

        QVERIFY(!TokenSet::fromResponse({{QStringLiteral("token_type"), QStringLiteral("Bearer")}},
                                        now, requested)
                     .ok());
        QVERIFY(!TokenSet::fromResponse({{QStringLiteral("access_token"), QStringLiteral("x")},
                                         {QStringLiteral("token_type"), QStringLiteral("mac")}},
                                        now, requested)
                     .ok());
    }
};

QTEST_GUILESS_MAIN(TestScopeSet)
#include "tst_scopeset.moc"
