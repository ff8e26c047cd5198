// Writes the seed corpus of every harness from Kete's own parts: pages, resources, discovery
// documents, tokens and a brands Bundle as the sandbox serves them, and the same resources as
// the offline copy stores them. Usage: kete_fuzz_seeds <folder>; it makes <folder>/<harness>/.
#include "brands/brandsparser.h"
#include "common/crypto.h"
#include "fhir/condition.h"
#include "fhir/diagnosticreport.h"
#include "fhir/observation.h"
#include "fhir/patient.h"
#include "offline/recordcodec.h"
#include "sandbox/auth/authorizationserver.h"
#include "sandbox/auth/clientregistry.h"
#include "sandbox/fhirapi/fhirapi.h"
#include "sandbox/server/brandspublisher.h"
#include "sandboxworld.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <cstdio>

using namespace kete;

namespace {

class SeedWriter
{
public:
    explicit SeedWriter(QDir root)
        : m_root(std::move(root))
    {}

    void write(const QString &harness, const QByteArray &seed)
    {
        m_root.mkpath(harness);
        const QString name = QString::number(m_count++) + QStringLiteral(".seed");
        QFile file(m_root.filePath(harness + QLatin1Char('/') + name));
        if (!file.open(QIODevice::WriteOnly) || file.write(seed) != seed.size())
            m_failed = true;
    }
    bool failed() const { return m_failed; }

private:
    QDir m_root;
    int m_count = 0;
    bool m_failed = false;
};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const QByteArray verifier = QByteArrayLiteral("fuzzing-verifier-0123456789-0123456789-0123456789");
const QString redirectUri = QStringLiteral("http://127.0.0.1/kete/callback");

void writeFhirSeeds(SeedWriter &seeds, fuzz::SandboxWorld &world)
{
    sandbox::FaultPlan faults;
    sandbox::FhirApi api(world.store, world.tokens, faults);
    api.setBaseUrl(fuzz::SandboxWorld::fhirBase);
    const QString amy = QStringLiteral("amy-shaw");
    const QByteArray token = world.tokens
                                 .issue(world.grant(QStringLiteral("Patient/") + amy, amy,
                                                    {QStringLiteral("patient/*.rs")}),
                                        false)
                                 .accessToken;
    const auto page = [&](const QStringList &path, const QList<sandbox::SearchParameter> &query) {
        sandbox::FhirRequest request;
        request.method = QByteArrayLiteral("GET");
        request.path = path;
        request.query = query;
        request.url = fuzz::SandboxWorld::fhirBase;
        request.authorization = "Bearer " + token;
        return api.handle(request).reply.body;
    };
    const QString count = QStringLiteral("_count");
    for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition"),
                                QStringLiteral("DiagnosticReport"), QStringLiteral("Patient"),
                                QStringLiteral("Practitioner")})
        seeds.write(QStringLiteral("bundlepage"), page({type}, {{count, QStringLiteral("3")}}));
    seeds.write(QStringLiteral("bundlepage"), page({QStringLiteral("metadata")}, {}));
    seeds.write(QStringLiteral("bundlepage"),
                page({QStringLiteral("Observation")}, {{QStringLiteral("nonsense"), {}}}));

    // Resources one by one, and as the offline copy keeps them (type byte first, as the
    // harness reads it).
    const record::Provenance provenance{QStringLiteral("https://fhir.example.org/r4"),
                                        world.tokens.now()};
    const auto firstOf = [&](const QString &type) {
        const QList<QJsonObject> all = world.store.all(type);
        for (const QJsonObject &resource : all) {
            if (sandbox::ResourceStore::patientOf(resource) == amy ||
                type == QLatin1String("Practitioner"))
                return resource;
        }
        return all.value(0);
    };
    const QJsonObject patient = firstOf(QStringLiteral("Patient"));
    const QJsonObject observation = firstOf(QStringLiteral("Observation"));
    const QJsonObject condition = firstOf(QStringLiteral("Condition"));
    const QJsonObject report = firstOf(QStringLiteral("DiagnosticReport"));
    for (const QJsonObject &resource :
         {patient, observation, condition, report, firstOf(QStringLiteral("Practitioner"))})
        seeds.write(QStringLiteral("fhirresource"), compact(resource));
    if (const auto parsed = fhir::parsePatient(patient); parsed.ok())
        seeds.write(QStringLiteral("offlinerecord"), '\0' + offline::encode(*parsed, provenance));
    if (const auto parsed = fhir::parseObservation(observation); parsed.ok())
        seeds.write(QStringLiteral("offlinerecord"),
                    '\1' + offline::encode(*parsed, provenance, 3));
    if (const auto parsed = fhir::parseCondition(condition); parsed.ok())
        seeds.write(QStringLiteral("offlinerecord"), '\2' + offline::encode(*parsed, provenance));
    if (const auto parsed = fhir::parseDiagnosticReport(report); parsed.ok())
        seeds.write(QStringLiteral("offlinerecord"), '\3' + offline::encode(*parsed, provenance));

    const QByteArray sandboxFhir[] = {
        QByteArrayLiteral("\x00"
                          "metadata\n"),
        QByteArrayLiteral("\x00"
                          "Patient/amy-shaw\n"),
        QByteArrayLiteral("\x00"
                          "Observation?category=laboratory&_count=5&_sort=-date\n"),
        QByteArrayLiteral("\x00"
                          "Observation?code=http://loinc.org|2345-7,4548-4&date=ge2020-01\n"),
        QByteArrayLiteral("\x00"
                          "Condition?clinical-status=active&_getpagesoffset=1\n"),
        QByteArrayLiteral("\x02"
                          "Patient?name:contains=sha&birthdate=lt2000\n"),
        QByteArrayLiteral("\x02"
                          "Observation?patient=Patient/hemi-walker&value-quantity=gt5\n"),
        QByteArrayLiteral("\x01"
                          "Observation/_search\ncategory=vital-signs&_count=2\n"),
        QByteArrayLiteral("\x00"
                          "DiagnosticReport?_id=x,y&code:missing=true\n"),
        QByteArrayLiteral("\x04"
                          "Observation\n"),
    };
    for (const QByteArray &seed : sandboxFhir)
        seeds.write(QStringLiteral("sandboxfhir"), seed);
}

void writeAuthSeeds(SeedWriter &seeds, fuzz::SandboxWorld &world)
{
    sandbox::AuthorizationServerConfig config;
    config.fhirBaseUrl = fuzz::SandboxWorld::fhirBase;
    sandbox::AuthorizationServer server(config, world.tokens, sandbox::ClientRegistry(),
                                        world.directory);
    seeds.write(QStringLiteral("smartconfiguration"), compact(server.smartConfiguration()));
    const sandbox::OAuthEndpoints oauth{
        server.endpoint(QStringLiteral("authorize")), server.endpoint(QStringLiteral("token")),
        server.endpoint(QStringLiteral("revoke")), server.endpoint(QStringLiteral("introspect"))};
    seeds.write(QStringLiteral("smartconfiguration"),
                compact(sandbox::capabilityStatement(fuzz::SandboxWorld::fhirBase, oauth)));

    // A real code exchange: the token response and its id_token with the server's keys.
    const QString amy = QStringLiteral("amy-shaw");
    sandbox::CodeBinding binding;
    binding.clientId = QStringLiteral("kete-desktop");
    binding.redirectUri = redirectUri;
    binding.codeChallenge = crypto::base64Url(crypto::sha256(verifier));
    binding.grant = world.grant(QStringLiteral("Patient/") + amy, amy,
                                {QStringLiteral("openid"), QStringLiteral("fhirUser"),
                                 QStringLiteral("launch/patient"), QStringLiteral("offline_access"),
                                 QStringLiteral("patient/*.rs")});
    binding.withRefreshToken = true;
    binding.nonce = QStringLiteral("n-0S6_WzA2Mj");
    const QByteArray code = world.tokens.createCode(binding);
    const QByteArray tokenResponse =
        server
            .token({QByteArrayLiteral("application/x-www-form-urlencoded"),
                    {},
                    "grant_type=authorization_code&client_id=kete-desktop&code=" + code +
                        "&redirect_uri=" + QUrl::toPercentEncoding(redirectUri) +
                        "&code_verifier=" + verifier})
            .data();
    seeds.write(QStringLiteral("tokenresponse"), tokenResponse);
    const QJsonObject tokens = QJsonDocument::fromJson(tokenResponse).object();
    seeds.write(QStringLiteral("idtoken"),
                tokens.value(QLatin1String("id_token")).toString().toLatin1() + '\n' +
                    compact(server.signer().jwks()));

    const QByteArray redirect = QUrl::toPercentEncoding(redirectUri);
    const QByteArray authorize =
        "response_type=code&client_id=kete-desktop&redirect_uri=" + redirect +
        "&scope=openid+fhirUser+launch%2Fpatient+offline_access+patient%2F*.rs&state=s&aud=" +
        QUrl::toPercentEncoding(fuzz::SandboxWorld::fhirBase.toString()) +
        "&code_challenge_method=S256&code_challenge=" + crypto::base64Url(crypto::sha256(verifier));
    const QByteArray sandboxAuth[] = {
        '\0' + authorize,
        QByteArrayLiteral("\x01"
                          "transaction=@T&username=amy-shaw&password=") +
            QUrl::toPercentEncoding(sandbox::DemoDirectory::password()),
        QByteArrayLiteral("\x02"
                          "transaction=@T&patient=amy-shaw"),
        QByteArrayLiteral("\x03"
                          "transaction=@T&decision=approve&scope=openid&scope=patient%2F*.rs"),
        "\x04\ngrant_type=authorization_code&client_id=kete-desktop&code=@C&redirect_uri=" +
            redirect + "&code_verifier=@V",
        QByteArrayLiteral("\x04\ngrant_type=refresh_token&client_id=kete-desktop&refresh_token=@R"
                          "&scope=patient%2FObservation.rs"),
        QByteArrayLiteral("\x04"
                          "Basic a2V0ZS1kZXNrdG9wOnNlY3JldA==\ngrant_type=refresh_token"),
        QByteArrayLiteral("\x05\ntoken=@R&client_id=kete-desktop"),
        QByteArrayLiteral("\x06\ntoken=@R&client_id=kete-desktop&token_type_hint=refresh_token"),
    };
    for (const QByteArray &seed : sandboxAuth)
        seeds.write(QStringLiteral("sandboxauth"), seed);

    seeds.write(QStringLiteral("brandsbundle"),
                sandbox::BrandsPublisher::demoBundle(fuzz::SandboxWorld::fhirBase));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
    if (argc != 2) {
        std::fprintf(stderr, "usage: kete_fuzz_seeds <folder>\n");
        return 2;
    }
    SeedWriter seeds{QDir(QString::fromLocal8Bit(argv[1]))};
    fuzz::SandboxWorld world;
    writeFhirSeeds(seeds, world);
    writeAuthSeeds(seeds, world);
    return seeds.failed() ? 1 : 0;
}
