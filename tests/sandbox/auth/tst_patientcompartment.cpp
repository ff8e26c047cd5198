// Whose records a token reaches, over real HTTP against the whole sandbox: a patient signs in
// through the real pages and, whatever scopes were asked (v1, v2, wildcards, user/ or patient/,
// with or without launch/patient), reads only their own compartment; a practitioner's user/
// scopes reach every patient.
#include "common/crypto.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/server/sandboxserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <memory>

using namespace kete;
using namespace kete::sandbox;

namespace {

const QString amy = QStringLiteral("amy-shaw");
const QString hemi = QStringLiteral("hemi-walker");
const QString client = QStringLiteral("kete-desktop");
const QString redirect = QStringLiteral("http://127.0.0.1:61234/kete/callback");
const QStringList compartmentTypes{QStringLiteral("Observation"), QStringLiteral("Condition"),
                                   QStringLiteral("Patient")};

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray location;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QByteArray encodeForm(const QList<std::pair<QString, QString>> &form)
{
    QUrlQuery query;
    for (const auto &[name, value] : form)
        query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(name)),
                           QString::fromLatin1(QUrl::toPercentEncoding(value)));
    return query.toString(QUrl::FullyEncoded).toLatin1();
}

QString transactionOf(const QByteArray &html)
{
    static const QRegularExpression field(
        QStringLiteral("name=\"transaction\" value=\"([^\"]+)\""));
    return field.match(QString::fromUtf8(html)).captured(1);
}

QList<QJsonObject> entriesOf(const QJsonObject &bundle)
{
    QList<QJsonObject> resources;
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (const QJsonValue &entry : entries)
        resources.append(entry[QLatin1String("resource")].toObject());
    return resources;
}

} // namespace

class tst_PatientCompartment final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void patientReadsOnlyOwnRecord_data();
    void patientReadsOnlyOwnRecord();
    void practitionerReadsOtherPatients_data();
    void practitionerReadsOtherPatients();

private:
    struct SignIn
    {
        QJsonObject token;
        QByteArray consentPage;
    };
    SignIn signIn(const QString &login, const QString &scope, const QString &pickPatient = {});
    HttpResult send(QNetworkRequest request, const QByteArray &verb, const QByteArray &body = {});
    HttpResult get(const QString &path, const QByteArray &accessToken);
    HttpResult postForm(const QUrl &target, const QList<std::pair<QString, QString>> &form);
    QUrl authUrl(const QString &name) const;
    qsizetype countOf(const QString &type, const QString &patientId) const;
    QString firstOf(const QString &type, const QString &patientId) const;

    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_network;
    QUrl m_base;
};

void tst_PatientCompartment::initTestCase()
{
    SandboxOptions options;
    options.largePatientObservations = 60; // grace-huang's record: not needed large here
    m_server = std::make_unique<SandboxServer>(options);
    const Result<QUrl> base = m_server->start();
    QVERIFY2(base.ok(), qPrintable(base.ok() ? QString() : base.error().detail));
    m_base = *base;
    for (const QString &type : compartmentTypes) {
        QVERIFY2(countOf(type, amy) > 0, qPrintable(type));
        QVERIFY2(countOf(type, hemi) > 0, qPrintable(type));
    }
}

HttpResult tst_PatientCompartment::send(QNetworkRequest request, const QByteArray &verb,
                                        const QByteArray &body)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(30000))
        qWarning("request timed out");
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.location = reply->rawHeader("Location");
    reply->deleteLater();
    return result;
}

HttpResult tst_PatientCompartment::get(const QString &path, const QByteArray &accessToken)
{
    QNetworkRequest request(QUrl(m_base.toString() + QLatin1Char('/') + path));
    request.setRawHeader("Accept", "application/fhir+json");
    request.setRawHeader("Authorization", "Bearer " + accessToken);
    return send(request, "GET");
}

HttpResult tst_PatientCompartment::postForm(const QUrl &target,
                                            const QList<std::pair<QString, QString>> &form)
{
    QNetworkRequest request(target);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    return send(request, "POST", encodeForm(form));
}

QUrl tst_PatientCompartment::authUrl(const QString &name) const
{
    QUrl url = m_server->authorizationEndpoint();
    url.setPath(url.path().section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + name);
    return url;
}

qsizetype tst_PatientCompartment::countOf(const QString &type, const QString &patientId) const
{
    const auto matches =
        type == QLatin1String("Patient")
            ? m_server->store().search(type, {{QStringLiteral("_id"), patientId}})
            : m_server->store().search(type, {{QStringLiteral("patient"), patientId}});
    return matches.ok() ? matches->size() : -1;
}

QString tst_PatientCompartment::firstOf(const QString &type, const QString &patientId) const
{
    if (type == QLatin1String("Patient"))
        return patientId;
    const auto matches = m_server->store().search(type, {{QStringLiteral("patient"), patientId}});
    return matches.ok() && !matches->isEmpty()
               ? matches->first().value(QLatin1String("id")).toString()
               : QString();
}

// The whole standalone launch through the real pages: sign-in, (patient picker), consent with
// every requested scope ticked, code exchange.
tst_PatientCompartment::SignIn tst_PatientCompartment::signIn(const QString &login,
                                                              const QString &scope,
                                                              const QString &pickPatient)
{
    const QByteArray verifier = crypto::randomToken(32);
    QUrl authorize = m_server->authorizationEndpoint();
    authorize.setQuery(QString::fromLatin1(
        encodeForm({{QStringLiteral("response_type"), QStringLiteral("code")},
                    {QStringLiteral("client_id"), client},
                    {QStringLiteral("redirect_uri"), redirect},
                    {QStringLiteral("scope"), scope},
                    {QStringLiteral("state"), QStringLiteral("s1")},
                    {QStringLiteral("aud"), m_base.toString()},
                    {QStringLiteral("code_challenge"),
                     QString::fromLatin1(crypto::base64Url(crypto::sha256(verifier)))},
                    {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}})));
    HttpResult page = send(QNetworkRequest(authorize), "GET");
    page = postForm(authUrl(QStringLiteral("sign-in")),
                    {{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("username"), login},
                     {QStringLiteral("password"), QStringLiteral("demo")}});
    if (!pickPatient.isEmpty())
        page = postForm(authUrl(QStringLiteral("select-patient")),
                        {{QStringLiteral("transaction"), transactionOf(page.body)},
                         {QStringLiteral("patient"), pickPatient}});
    SignIn result;
    result.consentPage = page.body;
    QList<std::pair<QString, QString>> consent{
        {QStringLiteral("transaction"), transactionOf(page.body)},
        {QStringLiteral("decision"), QStringLiteral("approve")}};
    for (const QString &asked : scope.split(QLatin1Char(' ')))
        consent.append({QStringLiteral("scope"), asked});
    const HttpResult approved = postForm(authUrl(QStringLiteral("consent")), consent);
    const QString code =
        QUrlQuery(QUrl::fromEncoded(approved.location)).queryItemValue(QStringLiteral("code"));
    if (code.isEmpty())
        qWarning() << "no code:" << approved.status
                   << QUrlQuery(QUrl::fromEncoded(approved.location))
                          .queryItemValue(QStringLiteral("error"));
    const HttpResult token =
        postForm(m_server->tokenEndpoint(),
                 {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("redirect_uri"), redirect},
                  {QStringLiteral("client_id"), client},
                  {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)}});
    result.token = token.json();
    return result;
}

void tst_PatientCompartment::patientReadsOnlyOwnRecord_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QStringList>("granted"); // types the scopes let Amy read and search

    const QStringList observation{QStringLiteral("Observation")};
    // v2, user/ (the case that leaked), with and without launch/patient
    QTest::newRow("v2 launch/patient user/Observation.rs")
        << "launch/patient user/Observation.rs" << observation;
    QTest::newRow("v2 user/Observation.rs") << "user/Observation.rs" << observation;
    QTest::newRow("v2 launch/patient user/*.rs") << "launch/patient user/*.rs" << compartmentTypes;
    QTest::newRow("v2 user/*.rs") << "openid fhirUser user/*.rs" << compartmentTypes;
    QTest::newRow("v2 user/*.cruds") << "user/*.cruds" << compartmentTypes;
    QTest::newRow("v2 user/ per type")
        << "launch/patient user/Patient.rs user/Observation.rs user/Condition.rs"
        << compartmentTypes;
    // v1
    QTest::newRow("v1 launch/patient user/*.read")
        << "launch/patient user/*.read" << compartmentTypes;
    QTest::newRow("v1 user/*.read") << "user/*.read" << compartmentTypes;
    QTest::newRow("v1 user/*.*") << "user/*.*" << compartmentTypes;
    QTest::newRow("v1 launch/patient user/*.*") << "launch/patient user/*.*" << compartmentTypes;
    QTest::newRow("v1 user/Observation.read") << "user/Observation.read" << observation;
    QTest::newRow("v1 user/Condition.read")
        << "launch/patient user/Condition.read" << QStringList{QStringLiteral("Condition")};
    // patient/, and patient/ mixed with user/
    QTest::newRow("v1 launch/patient patient/*.read")
        << "launch/patient patient/*.read" << compartmentTypes;
    QTest::newRow("v1 patient/*.read") << "patient/*.read" << compartmentTypes;
    QTest::newRow("v2 launch/patient patient/Observation.rs")
        << "launch/patient patient/Observation.rs" << observation;
    QTest::newRow("v2 patient/*.rs") << "patient/*.rs offline_access" << compartmentTypes;
    QTest::newRow("v2 patient/*.rs user/Patient.rs")
        << "launch/patient patient/*.rs user/Patient.rs" << compartmentTypes;
}

void tst_PatientCompartment::patientReadsOnlyOwnRecord()
{
    QFETCH(QString, scope);
    QFETCH(QStringList, granted);
    const SignIn signedIn = signIn(QStringLiteral("amy"), scope);

    // The consent page never offers other people's records to a patient.
    QVERIFY(signedIn.consentPage.contains("id=\"approve\""));
    QVERIFY2(!signedIn.consentPage.contains("every patient"), signedIn.consentPage.constData());
    QVERIFY(signedIn.consentPage.contains(" your "));

    const QByteArray access =
        signedIn.token.value(QLatin1String("access_token")).toString().toLatin1();
    QVERIFY2(!access.isEmpty(), QJsonDocument(signedIn.token).toJson().constData());

    for (const QString &type : compartmentTypes) {
        const bool isPatient = type == QLatin1String("Patient");
        const QString own = type + QLatin1Char('/') + firstOf(type, amy);
        const QString others = type + QLatin1Char('/') + firstOf(type, hemi);
        const QString namingOther = isPatient ? QString(QStringLiteral("Patient?_id=") + hemi)
                                              : QString(type + QStringLiteral("?patient=") + hemi);
        const QString unrestricted = type + QStringLiteral("?_count=50");
        if (!granted.contains(type)) {
            for (const QString &path : {own, others, namingOther, unrestricted})
                QCOMPARE(get(path, access).status, 403);
            continue;
        }
        QCOMPARE(get(own, access).status, 200);
        const HttpResult other = get(others, access);
        QCOMPARE(other.status, 404);
        // Answered exactly like a missing resource (the id asked for is all it repeats).
        QCOMPARE(other.json().value(QLatin1String("resourceType")).toString(),
                 QStringLiteral("OperationOutcome"));
        QCOMPARE(get(namingOther, access).status, 403);
        if (!isPatient) {
            QCOMPARE(get(type + QStringLiteral("?subject=Patient/") + hemi, access).status, 403);
            QCOMPARE(get(type + QStringLiteral("?subject:Patient=") + hemi, access).status, 403);
        }

        const HttpResult search = get(unrestricted, access);
        QCOMPARE(search.status, 200);
        QVERIFY(!search.body.contains(hemi.toUtf8()));
        QCOMPARE(search.json().value(QLatin1String("total")).toInteger(), countOf(type, amy));
        const QList<QJsonObject> resources = entriesOf(search.json());
        QCOMPARE(resources.size(), qMin<qsizetype>(50, countOf(type, amy)));
        for (const QJsonObject &resource : resources)
            QCOMPARE(ResourceStore::patientOf(resource), amy);
    }
}

void tst_PatientCompartment::practitionerReadsOtherPatients_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("pick"); // the patient chosen on the picker (launch/patient)
    QTest::addColumn<bool>("seesOthers");

    QTest::newRow("v2 user/Observation.rs") << "user/Observation.rs"
                                            << "" << true;
    QTest::newRow("v2 user/*.rs") << "openid fhirUser user/*.rs"
                                  << "" << true;
    QTest::newRow("v1 user/*.read") << "user/*.read"
                                    << "" << true;
    QTest::newRow("v1 user/*.*") << "user/*.*"
                                 << "" << true;
    QTest::newRow("v2 launch/patient user/*.rs") << "launch/patient user/*.rs" << amy << true;
    QTest::newRow("v1 launch/patient user/*.read") << "launch/patient user/*.read" << amy << true;
    // A patient/ scope confines the clinician to the patient chosen at launch.
    QTest::newRow("v1 launch/patient patient/*.read")
        << "launch/patient patient/*.read" << amy << false;
    QTest::newRow("v2 launch/patient patient/Observation.rs")
        << "launch/patient patient/Observation.rs" << amy << false;
}

void tst_PatientCompartment::practitionerReadsOtherPatients()
{
    QFETCH(QString, scope);
    QFETCH(QString, pick);
    QFETCH(bool, seesOthers);
    const SignIn signedIn = signIn(QStringLiteral("dr.parata"), scope, pick);
    const QByteArray access =
        signedIn.token.value(QLatin1String("access_token")).toString().toLatin1();
    QVERIFY2(!access.isEmpty(), QJsonDocument(signedIn.token).toJson().constData());

    const QString others =
        QStringLiteral("Observation/") + firstOf(QStringLiteral("Observation"), hemi);
    const QString hemisObservations = QStringLiteral("Observation?patient=") + hemi;
    if (!seesOthers) {
        QCOMPARE(get(others, access).status, 404);
        QCOMPARE(get(hemisObservations, access).status, 403);
        QCOMPARE(get(QStringLiteral("Observation/") + firstOf(QStringLiteral("Observation"), amy),
                     access)
                     .status,
                 200);
        return;
    }
    QCOMPARE(get(others, access).status, 200);
    const HttpResult search = get(hemisObservations + QStringLiteral("&_count=5"), access);
    QCOMPARE(search.status, 200);
    const QList<QJsonObject> resources = entriesOf(search.json());
    QCOMPARE(resources.size(), qMin<qsizetype>(5, countOf(QStringLiteral("Observation"), hemi)));
    for (const QJsonObject &resource : resources)
        QCOMPARE(ResourceStore::patientOf(resource), hemi);
    // An unrestricted search reaches more than one patient.
    const HttpResult everyone = get(QStringLiteral("Observation?_count=1000"), access);
    QCOMPARE(everyone.status, 200);
    QSet<QString> patients;
    for (const QJsonObject &resource : entriesOf(everyone.json()))
        patients.insert(ResourceStore::patientOf(resource));
    QVERIFY(patients.size() > 1);
}

QTEST_GUILESS_MAIN(tst_PatientCompartment)
#include "tst_patientcompartment.moc"
