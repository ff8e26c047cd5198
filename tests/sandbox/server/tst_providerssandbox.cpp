// Two providers in one sandbox (issue 13): Kete Family Practice (the GP) and Kete City Hospital,
// each its own origin, authorization server, tokens and records for the same demo people. Real
// HTTP on 127.0.0.1 through SandboxHost, real sign-ins (auto-approve), and the kete-sandbox
// executable with --organisations 2. The overlap between the two is computed from the GP's
// answers by the rule in app/sandbox/data/README.md ("Kete City Hospital").
#include "common/crypto.h"
#include "sandbox/data/hospitalgenerator.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/server/sandboxhost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <memory>

using namespace kete::sandbox;

namespace {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray location;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

const QString amy = QStringLiteral("amy-shaw");

QString loincOf(const QJsonObject &resource)
{
    const QJsonArray codings = resource[QLatin1String("code")][QLatin1String("coding")].toArray();
    for (const QJsonValue &coding : codings) {
        const QString system = coding[QLatin1String("system")].toString();
        if (system == QLatin1String("http://loinc.org") ||
            system == QLatin1String("http://snomed.info/sct"))
            return coding[QLatin1String("code")].toString();
    }
    return {};
}

QString clinicalStatusOf(const QJsonObject &condition)
{
    return condition[QLatin1String("clinicalStatus")][QLatin1String("coding")][0]
                    [QLatin1String("code")]
                        .toString();
}

// What makes two reports "the same result": code, effective time, value and unit.
QString resultKey(const QJsonObject &observation)
{
    const QJsonObject quantity = observation[QLatin1String("valueQuantity")].toObject();
    return QStringLiteral("%1 %2 %3 %4")
        .arg(loincOf(observation), observation[QLatin1String("effectiveDateTime")].toString(),
             QString::number(quantity[QLatin1String("value")].toDouble(), 'g', 12),
             quantity[QLatin1String("code")].toString());
}

QList<QJsonObject> resourcesOf(const QJsonObject &bundle)
{
    QList<QJsonObject> resources;
    for (const QJsonValue &entry : bundle[QLatin1String("entry")].toArray())
        resources.append(entry[QLatin1String("resource")].toObject());
    return resources;
}

} // namespace

class tst_ProvidersSandbox final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void bothOrganisationsStartOnTheirOwnOrigins();
    void aTokenOfOneIsRefusedByTheOther();
    void eachServesTheSamePerson();
    void theOverlapIsAsDocumented();
    void everyPersonsOverlapIsAsDocumented_data();
    void everyPersonsOverlapIsAsDocumented();
    void theHospitalReportsSiUnitsWithMolarCodes();
    void conditionsShareCodesAndDifferInStatus();
    void eachBrandsBundleListsBothOrganisations();
    void hospitalRecordsAreReproducible();
    void executableServesTwoOrganisations();

private:
    HttpResult send(QNetworkRequest request, const QByteArray &verb = "GET",
                    const QByteArray &body = {});
    HttpResult fhir(Organisation organisation, const QString &pathAndQuery,
                    const QByteArray &token);
    QByteArray signIn(Organisation organisation);
    QList<QJsonObject> labResults(Organisation organisation);
    QUrl base(Organisation organisation) const
    {
        return m_host->server(organisation)->fhirBaseUrl();
    }

    QNetworkAccessManager m_network;
    std::unique_ptr<SandboxHost> m_host;
    QMap<Organisation, QByteArray> m_tokens;
};

void tst_ProvidersSandbox::initTestCase()
{
    m_network.setProxy(QNetworkProxy::NoProxy);
    SandboxOptions options;
    options.largePatientObservations = 200;
    options.autoApproveUser = amy; // the hospital signs in its own record of Amy
    m_host = std::make_unique<SandboxHost>(
        QList<Organisation>{Organisation::Gp, Organisation::Hospital}, options);
    QSignalSpy started(m_host.get(), &SandboxHost::organisationsStarted);
    QSignalSpy failed(m_host.get(), &SandboxHost::failed);
    m_host->start();
    QVERIFY(started.wait(60000));
    QCOMPARE(failed.count(), 0);
    m_tokens.insert(Organisation::Gp, signIn(Organisation::Gp));
    m_tokens.insert(Organisation::Hospital, signIn(Organisation::Hospital));
    QVERIFY(!m_tokens.value(Organisation::Gp).isEmpty());
    QVERIFY(!m_tokens.value(Organisation::Hospital).isEmpty());
}

void tst_ProvidersSandbox::cleanupTestCase()
{
    m_host.reset();
}

HttpResult tst_ProvidersSandbox::send(QNetworkRequest request, const QByteArray &verb,
                                      const QByteArray &body)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResult result;
    if (!finished.wait(30000)) {
        reply->abort();
        reply->deleteLater();
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.location = reply->rawHeader("Location");
    reply->deleteLater();
    return result;
}

HttpResult tst_ProvidersSandbox::fhir(Organisation organisation, const QString &pathAndQuery,
                                      const QByteArray &token)
{
    const QUrl url = pathAndQuery.startsWith(QLatin1String("http"))
                         ? QUrl(pathAndQuery)
                         : QUrl(base(organisation).toString() + QLatin1Char('/') + pathAndQuery);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/fhir+json");
    request.setRawHeader("Authorization", "Bearer " + token);
    return send(request);
}

// The standalone launch at that organisation's own authorization server (auto-approved).
QByteArray tst_ProvidersSandbox::signIn(Organisation organisation)
{
    const SandboxServer *server = m_host->server(organisation);
    const QByteArray verifier = kete::crypto::randomToken();
    const QByteArray challenge = kete::crypto::base64Url(kete::crypto::sha256(verifier));
    const QString redirect = QStringLiteral("http://127.0.0.1:5555/callback.html");
    const QString client = QStringLiteral("fhirclient-conformance");
    QUrl authorize = server->authorizationEndpoint();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), client);
    query.addQueryItem(QStringLiteral("redirect_uri"), redirect);
    query.addQueryItem(QStringLiteral("scope"),
                       QStringLiteral("launch/patient openid fhirUser patient/*.rs"));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("s1"));
    query.addQueryItem(QStringLiteral("aud"), server->fhirBaseUrl().toString());
    query.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    authorize.setQuery(query);
    const HttpResult redirected = send(QNetworkRequest(authorize));
    if (redirected.status != 302)
        return {};
    const QString code = QUrlQuery(QUrl(QString::fromUtf8(redirected.location)))
                             .queryItemValue(QStringLiteral("code"));

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"), redirect);
    form.addQueryItem(QStringLiteral("client_id"), client);
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
    QNetworkRequest request(server->tokenEndpoint());
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    const HttpResult tokens = send(request, "POST", form.toString(QUrl::FullyEncoded).toLatin1());
    if (tokens.status != 200)
        return {};
    return tokens.json().value(QLatin1String("access_token")).toString().toLatin1();
}

// Every laboratory result of the signed-in patient, every page.
QList<QJsonObject> tst_ProvidersSandbox::labResults(Organisation organisation)
{
    QList<QJsonObject> results;
    QString next = QStringLiteral("Observation?category=laboratory&_count=1000");
    while (!next.isEmpty()) {
        const HttpResult page = fhir(organisation, next, m_tokens.value(organisation));
        if (page.status != 200)
            return {};
        results += resourcesOf(page.json());
        next.clear();
        for (const QJsonValue &link : page.json()[QLatin1String("link")].toArray()) {
            if (link[QLatin1String("relation")].toString() == QLatin1String("next"))
                next = link[QLatin1String("url")].toString();
        }
    }
    return results;
}

void tst_ProvidersSandbox::bothOrganisationsStartOnTheirOwnOrigins()
{
    const QList<QUrl> bases = m_host->fhirBaseUrls();
    QCOMPARE(bases.size(), 2);
    QCOMPARE(m_host->fhirBaseUrl(), bases.at(0));
    QCOMPARE(bases.at(0).path(), QStringLiteral("/fhir"));
    QCOMPARE(bases.at(1).path(), QStringLiteral("/hospital/fhir"));
    QVERIFY(bases.at(0).port() != bases.at(1).port());
    QCOMPARE(m_host->server(), m_host->server(Organisation::Gp));
    QCOMPARE(m_host->server(Organisation::Hospital)->thread(), m_host->serverThread());

    const QStringList names{QStringLiteral("Kete Family Practice"),
                            QStringLiteral("Kete City Hospital")};
    for (qsizetype i = 0; i < bases.size(); ++i) {
        const HttpResult metadata =
            send(QNetworkRequest(QUrl(bases.at(i).toString() + QStringLiteral("/metadata"))));
        QCOMPARE(metadata.status, 200);
        QVERIFY(metadata.json()[QLatin1String("implementation")][QLatin1String("description")]
                    .toString()
                    .startsWith(names.at(i)));
        const HttpResult configuration = send(QNetworkRequest(
            QUrl(bases.at(i).toString() + QStringLiteral("/.well-known/smart-configuration"))));
        QCOMPARE(configuration.status, 200);
        const QUrl authorize(
            configuration.json()[QLatin1String("authorization_endpoint")].toString());
        QCOMPARE(authorize.port(), bases.at(i).port());
    }
}

void tst_ProvidersSandbox::aTokenOfOneIsRefusedByTheOther()
{
    const QByteArray gp = m_tokens.value(Organisation::Gp);
    const QByteArray hospital = m_tokens.value(Organisation::Hospital);
    QCOMPARE(fhir(Organisation::Gp, QStringLiteral("Patient/amy-shaw"), gp).status, 200);
    QCOMPARE(fhir(Organisation::Hospital, QStringLiteral("Patient/kch-amy-shaw"), hospital).status,
             200);
    QCOMPARE(fhir(Organisation::Hospital, QStringLiteral("Patient/kch-amy-shaw"), gp).status, 401);
    QCOMPARE(fhir(Organisation::Gp, QStringLiteral("Patient/amy-shaw"), hospital).status, 401);
    QCOMPARE(fhir(Organisation::Hospital, QStringLiteral("Observation?_count=1"), gp).status, 401);
}

void tst_ProvidersSandbox::eachServesTheSamePerson()
{
    const QJsonObject gp =
        fhir(Organisation::Gp, QStringLiteral("Patient/amy-shaw"), m_tokens.value(Organisation::Gp))
            .json();
    const QJsonObject hospital =
        fhir(Organisation::Hospital, QStringLiteral("Patient/kch-amy-shaw"),
             m_tokens.value(Organisation::Hospital))
            .json();
    QCOMPARE(hospital[QLatin1String("name")], gp[QLatin1String("name")]);
    QCOMPARE(hospital[QLatin1String("birthDate")].toString(), QStringLiteral("1978-04-12"));
    QCOMPARE(hospital[QLatin1String("birthDate")], gp[QLatin1String("birthDate")]);
    QCOMPARE(hospital[QLatin1String("gender")], gp[QLatin1String("gender")]);
    const QJsonObject gpMrn = gp[QLatin1String("identifier")][0].toObject();
    const QJsonObject hospitalMrn = hospital[QLatin1String("identifier")][0].toObject();
    QCOMPARE(gpMrn[QLatin1String("value")].toString(), QStringLiteral("KT100001"));
    QCOMPARE(hospitalMrn[QLatin1String("value")].toString(), QStringLiteral("KCH-300001"));
    QVERIFY(hospitalMrn[QLatin1String("system")] != gpMrn[QLatin1String("system")]);

    // Every demo person is at both, with the same login and name; the ids are each provider's.
    const DemoDirectory &gpPeople = m_host->server(Organisation::Gp)->directory();
    const DemoDirectory &hospitalPeople = m_host->server(Organisation::Hospital)->directory();
    QCOMPARE(hospitalPeople.patients.size(), gpPeople.patients.size());
    for (const DemoPatient &person : gpPeople.patients) {
        const std::optional<DemoPatient> there = hospitalPeople.patientByLogin(person.login);
        QVERIFY2(there, qPrintable(person.login));
        QCOMPARE(there->displayName, person.displayName);
        QCOMPARE(there->patientId, HospitalGenerator::patientIdFor(person.patientId));
    }
}

void tst_ProvidersSandbox::theOverlapIsAsDocumented()
{
    // The rule (data/README.md): the final results of the GP's two newest basic metabolic
    // panels are reported by the hospital too, identically; nothing else is shared.
    const QByteArray gpToken = m_tokens.value(Organisation::Gp);
    const HttpResult panels =
        fhir(Organisation::Gp,
             QStringLiteral("DiagnosticReport?code=http://loinc.org|51990-0&_sort=-date&_count=2"),
             gpToken);
    QCOMPARE(panels.status, 200);
    QSet<QString> expected;
    for (const QJsonObject &panel : resourcesOf(panels.json())) {
        for (const QJsonValue &result : panel[QLatin1String("result")].toArray()) {
            const QJsonObject observation =
                fhir(Organisation::Gp, result[QLatin1String("reference")].toString(), gpToken)
                    .json();
            if (observation[QLatin1String("status")].toString() == QLatin1String("final"))
                expected.insert(resultKey(observation));
        }
    }

    const QList<QJsonObject> gpResults = labResults(Organisation::Gp);
    const QList<QJsonObject> hospitalResults = labResults(Organisation::Hospital);
    QVERIFY(!gpResults.isEmpty());
    QVERIFY(!hospitalResults.isEmpty());
    QSet<QString> gpKeys;
    QSet<QString> gpTimes;
    for (const QJsonObject &observation : gpResults) {
        gpKeys.insert(resultKey(observation));
        gpTimes.insert(observation[QLatin1String("effectiveDateTime")].toString());
    }
    QSet<QString> shared;
    int hospitalOnly = 0;
    for (const QJsonObject &observation : hospitalResults) {
        const QString key = resultKey(observation);
        if (gpKeys.contains(key)) {
            shared.insert(key);
            continue;
        }
        ++hospitalOnly;
        // The hospital's own draws are at other times than any GP result.
        QVERIFY2(!gpTimes.contains(observation[QLatin1String("effectiveDateTime")].toString()),
                 qPrintable(key));
    }
    QCOMPARE(shared, expected);
    // The numbers the README gives for Amy: 16 shared results (two panels of eight) and 21 of
    // the hospital's own (3 draws x 7 tests).
    QCOMPARE(shared.size(), 16);
    QCOMPARE(hospitalOnly, 21);
    QCOMPARE(hospitalResults.size(), shared.size() + hospitalOnly);
}

void tst_ProvidersSandbox::everyPersonsOverlapIsAsDocumented_data()
{
    // The table in app/sandbox/data/README.md ("Which results overlap").
    QTest::addColumn<QString>("person");
    QTest::addColumn<int>("shared");
    QTest::addColumn<int>("own");
    QTest::newRow("amy") << QStringLiteral("amy-shaw") << 16 << 21;
    QTest::newRow("hemi") << QStringLiteral("hemi-walker") << 16 << 21;
    QTest::newRow("lily") << QStringLiteral("lily-chen") << 0 << 4;
    QTest::newRow("sam") << QStringLiteral("sam-taylor") << 16 << 7;
    QTest::newRow("grace") << QStringLiteral("grace-huang") << 16 << 21;
    QTest::newRow("peter") << QStringLiteral("peter-novak") << 16 << 21;
    QTest::newRow("arthur") << QStringLiteral("arthur-kingi") << 16 << 14;
}

void tst_ProvidersSandbox::everyPersonsOverlapIsAsDocumented()
{
    QFETCH(QString, person);
    QFETCH(int, shared);
    QFETCH(int, own);
    const ResourceStore &gp = m_host->server(Organisation::Gp)->store();
    const ResourceStore &hospital = m_host->server(Organisation::Hospital)->store();
    const auto panels = gp.search(QStringLiteral("DiagnosticReport"),
                                  {{QStringLiteral("patient"), person},
                                   {QStringLiteral("code"), QStringLiteral("51990-0")},
                                   {QStringLiteral("_sort"), QStringLiteral("-date")}});
    QVERIFY(panels);
    QSet<QString> expected;
    for (const QJsonObject &panel : panels->mid(0, 2)) {
        for (const QJsonValue &result : panel[QLatin1String("result")].toArray()) {
            const auto observation =
                gp.read(QStringLiteral("Observation"),
                        result[QLatin1String("reference")].toString().section(QLatin1Char('/'), 1));
            QVERIFY(observation);
            if ((*observation)[QLatin1String("status")].toString() == QLatin1String("final"))
                expected.insert(resultKey(*observation));
        }
    }
    const auto labs = [](const ResourceStore &store, const QString &patient) {
        const auto found =
            store.search(QStringLiteral("Observation"),
                         {{QStringLiteral("patient"), patient},
                          {QStringLiteral("category"), QStringLiteral("laboratory")}});
        return found ? *found : QList<QJsonObject>{};
    };
    QSet<QString> gpKeys;
    for (const QJsonObject &observation : labs(gp, person))
        gpKeys.insert(resultKey(observation));
    QSet<QString> found;
    int hospitalOnly = 0;
    for (const QJsonObject &observation : labs(hospital, HospitalGenerator::patientIdFor(person))) {
        if (gpKeys.contains(resultKey(observation)))
            found.insert(resultKey(observation));
        else
            ++hospitalOnly;
    }
    QCOMPARE(found, expected);
    QCOMPARE(found.size(), shared);
    QCOMPARE(hospitalOnly, own);
}

void tst_ProvidersSandbox::theHospitalReportsSiUnitsWithMolarCodes()
{
    // LOINC molar code -> UCUM unit at the hospital, and the GP's mass code of the same analyte.
    const QList<std::tuple<QString, QString, QString>> expected{
        {QStringLiteral("14749-6"), QStringLiteral("mmol/L"), QStringLiteral("2345-7")},
        {QStringLiteral("15074-8"), QStringLiteral("mmol/L"), QStringLiteral("2339-0")},
        {QStringLiteral("14682-9"), QStringLiteral("umol/L"), QStringLiteral("2160-0")},
        {QStringLiteral("14647-2"), QStringLiteral("mmol/L"), QStringLiteral("2093-3")},
        {QStringLiteral("59261-8"), QStringLiteral("mmol/mol"), QStringLiteral("4548-4")},
    };
    const QList<QJsonObject> hospital = labResults(Organisation::Hospital);
    const QList<QJsonObject> gp = labResults(Organisation::Gp);
    QSet<QString> gpCodes;
    for (const QJsonObject &observation : gp)
        gpCodes.insert(loincOf(observation));
    for (const auto &[molar, unit, mass] : expected) {
        int found = 0;
        for (const QJsonObject &observation : hospital) {
            if (loincOf(observation) != molar)
                continue;
            ++found;
            QCOMPARE(observation[QLatin1String("valueQuantity")][QLatin1String("code")].toString(),
                     unit);
            QCOMPARE(
                observation[QLatin1String("valueQuantity")][QLatin1String("system")].toString(),
                QStringLiteral("http://unitsofmeasure.org"));
            const QJsonObject range = observation[QLatin1String("referenceRange")][0].toObject();
            if (range.contains(QLatin1String("high")))
                QCOMPARE(range[QLatin1String("high")][QLatin1String("code")].toString(), unit);
            else
                QVERIFY(range[QLatin1String("text")].toString().contains(unit));
            QCOMPARE(
                observation[QLatin1String("performer")][0][QLatin1String("reference")].toString(),
                QStringLiteral("Organization/kete-city-hospital"));
        }
        QVERIFY2(found == 3, qPrintable(molar)); // one per draw: Amy was at the hospital 3 times
        QVERIFY2(!gpCodes.contains(molar), qPrintable(molar));
        Q_UNUSED(mass);
    }
    // Amy's GP reports glucose, creatinine and cholesterol by mass (mg/dL).
    for (const QString &mass :
         {QStringLiteral("2345-7"), QStringLiteral("2160-0"), QStringLiteral("2093-3")})
        QVERIFY2(gpCodes.contains(mass), qPrintable(mass));

    const HttpResult organization =
        fhir(Organisation::Hospital, QStringLiteral("Organization/kete-city-hospital"),
             m_tokens.value(Organisation::Hospital));
    QCOMPARE(organization.status, 200);
    QCOMPARE(organization.json()[QLatin1String("name")].toString(),
             QStringLiteral("Kete City Hospital"));
}

void tst_ProvidersSandbox::conditionsShareCodesAndDifferInStatus()
{
    const auto statuses = [this](Organisation organisation) {
        QHash<QString, QString> byCode;
        const HttpResult conditions = fhir(organisation, QStringLiteral("Condition?_count=100"),
                                           m_tokens.value(organisation));
        for (const QJsonObject &condition : resourcesOf(conditions.json()))
            byCode.insert(loincOf(condition), clinicalStatusOf(condition));
        return byCode;
    };
    const QHash<QString, QString> gp = statuses(Organisation::Gp);
    const QHash<QString, QString> hospital = statuses(Organisation::Hospital);
    // Hypertension: both, active. Acute bronchitis: resolved at the GP, still active at the
    // hospital. Appendicitis: the hospital's only.
    QCOMPARE(gp.value(QStringLiteral("59621000")), QStringLiteral("active"));
    QCOMPARE(hospital.value(QStringLiteral("59621000")), QStringLiteral("active"));
    QCOMPARE(gp.value(QStringLiteral("10509002")), QStringLiteral("resolved"));
    QCOMPARE(hospital.value(QStringLiteral("10509002")), QStringLiteral("active"));
    QVERIFY(!gp.contains(QStringLiteral("74400008")));
    QCOMPARE(hospital.value(QStringLiteral("74400008")), QStringLiteral("resolved"));
    QCOMPARE(hospital.size(), 3);

    // Peter's atrial fibrillation: active at the GP, resolved at the hospital.
    const auto peterStatus = [this](Organisation organisation, const QString &patient) {
        const ResourceStore &store = m_host->server(organisation)->store();
        const auto found = store.search(
            QStringLiteral("Condition"),
            {{QStringLiteral("patient"), patient},
             {QStringLiteral("code"), QStringLiteral("http://snomed.info/sct|49436004")}});
        return found && found->size() == 1 ? clinicalStatusOf(found->constFirst()) : QString();
    };
    QCOMPARE(peterStatus(Organisation::Gp, QStringLiteral("peter-novak")),
             QStringLiteral("active"));
    QCOMPARE(peterStatus(Organisation::Hospital, QStringLiteral("kch-peter-novak")),
             QStringLiteral("resolved"));
}

void tst_ProvidersSandbox::eachBrandsBundleListsBothOrganisations()
{
    const QList<QUrl> bases = m_host->fhirBaseUrls();
    QStringList identifiers;
    for (const QUrl &fhirBase : bases) {
        const HttpResult configuration = send(QNetworkRequest(
            QUrl(fhirBase.toString() + QStringLiteral("/.well-known/smart-configuration"))));
        const QJsonObject smart = configuration.json();
        identifiers.append(smart[QLatin1String("user_access_brand_identifier")].toString());
        const HttpResult bundle = send(
            QNetworkRequest(QUrl(smart[QLatin1String("user_access_brand_bundle")].toString())));
        QCOMPARE(bundle.status, 200);
        QStringList addresses;
        QStringList names;
        for (const QJsonObject &resource : resourcesOf(bundle.json())) {
            if (resource[QLatin1String("resourceType")].toString() == QLatin1String("Endpoint"))
                addresses.append(resource[QLatin1String("address")].toString());
            else
                names.append(resource[QLatin1String("name")].toString());
        }
        QVERIFY2(addresses.contains(bases.at(0).toString()), qPrintable(addresses.join(u' ')));
        QVERIFY2(addresses.contains(bases.at(1).toString()), qPrintable(addresses.join(u' ')));
        QVERIFY(names.contains(QStringLiteral("Kete City Hospital")));
    }
    QCOMPARE(identifiers.size(), 2);
    QVERIFY(!identifiers.at(0).isEmpty());
    QVERIFY(identifiers.at(0) != identifiers.at(1));
}

void tst_ProvidersSandbox::hospitalRecordsAreReproducible()
{
    GeneratorOptions options;
    options.largePatientObservations = 0;
    ResourceStore first;
    ResourceStore second;
    HospitalGenerator(options).generate(first);
    HospitalGenerator(options).generate(second);
    QCOMPARE(first.types(), second.types());
    for (const QString &type : first.types())
        QVERIFY2(first.all(type) == second.all(type), qPrintable(type));
    QVERIFY(first.count(QStringLiteral("Observation")) > 0);
}

void tst_ProvidersSandbox::executableServesTwoOrganisations()
{
    QProcess help;
    help.start(QStringLiteral(KETE_SANDBOX_EXECUTABLE), {QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(10000));
    QVERIFY(help.readAllStandardOutput().contains("--organisations <N>"));

    QProcess sandbox;
    sandbox.setProgram(QStringLiteral(KETE_SANDBOX_EXECUTABLE));
    sandbox.setArguments({QStringLiteral("--organisations"), QStringLiteral("2"),
                          QStringLiteral("--large-patient-observations"), QStringLiteral("50")});
    sandbox.setProcessChannelMode(QProcess::SeparateChannels);
    sandbox.start();
    QVERIFY(sandbox.waitForStarted());
    QList<QUrl> bases;
    while (bases.size() < 2) {
        if (!sandbox.canReadLine() && !sandbox.waitForReadyRead(30000))
            break;
        while (sandbox.canReadLine())
            bases.append(QUrl(QString::fromUtf8(sandbox.readLine()).trimmed()));
    }
    QCOMPARE(bases.size(), 2);
    QCOMPARE(bases.at(0).path(), QStringLiteral("/fhir"));
    QCOMPARE(bases.at(1).path(), QStringLiteral("/hospital/fhir"));
    for (const QUrl &fhirBase : bases) {
        const HttpResult metadata =
            send(QNetworkRequest(QUrl(fhirBase.toString() + QStringLiteral("/metadata"))));
        QCOMPARE(metadata.status, 200);
    }
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(10000));

    QProcess tooMany;
    tooMany.start(QStringLiteral(KETE_SANDBOX_EXECUTABLE),
                  {QStringLiteral("--organisations"), QStringLiteral("3")});
    QVERIFY(tooMany.waitForFinished(10000));
    QCOMPARE(tooMany.exitCode(), 2);
}

QTEST_GUILESS_MAIN(tst_ProvidersSandbox)
#include "tst_providerssandbox.moc"
