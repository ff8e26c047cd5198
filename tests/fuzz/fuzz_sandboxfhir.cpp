// The sandbox's FHIR API as its HTTP routes hand it a request: path, query (search parameters)
// and a POST _search form body, with a patient's or a clinician's bearer token or none.
// Input: one flags byte (bit 0: POST, bit 1: clinician token, bit 2: no token), then
// "path?query", a newline, and the form body.
#include "fuzzer.h"
#include "sandbox/fhirapi/fhirapi.h"
#include "sandboxworld.h"

#include <QUrlQuery>

namespace {

struct World
{
    World()
        : api(sandbox.store, sandbox.tokens, faults)
    {
        api.setBaseUrl(kete::fuzz::SandboxWorld::fhirBase);
        const QString amy = QStringLiteral("amy-shaw");
        patientToken = sandbox.tokens
                           .issue(sandbox.grant(QStringLiteral("Patient/") + amy, amy,
                                                {QStringLiteral("patient/*.rs")}),
                                  false)
                           .accessToken;
        clinicianToken =
            sandbox.tokens
                .issue(sandbox.grant(QStringLiteral("Practitioner/rangi-parata"), {},
                                     {QStringLiteral("user/*.rs"), QStringLiteral("fhirUser")}),
                       false)
                .accessToken;
    }

    kete::fuzz::SandboxWorld sandbox;
    kete::sandbox::FaultPlan faults;
    kete::sandbox::FhirApi api;
    QByteArray patientToken;
    QByteArray clinicianToken;
};

World *world = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kete::fuzz::initialize(argc, argv);
    world = new World; // lives as long as the process
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kete::sandbox;
    if (size == 0)
        return 0;
    const quint8 flags = data[0];
    const auto [target, body] = kete::fuzz::splitAtNewline(kete::fuzz::bytes(data + 1, size - 1));
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);

    FhirRequest request;
    request.method = (flags & 1) ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
    for (const QByteArray &segment : path.split('/')) {
        if (!segment.isEmpty())
            request.path.append(QString::fromUtf8(QByteArray::fromPercentEncoding(segment)));
    }
    request.url = kete::fuzz::SandboxWorld::fhirBase;
    request.url.setPath(request.url.path() + QLatin1Char('/') + QString::fromUtf8(path));
    request.url.setQuery(QString::fromUtf8(query));
    request.query = queryParameters(QUrlQuery(QString::fromUtf8(query)));
    if (flags & 1)
        request.form = queryParameters(QUrlQuery(QString::fromUtf8(body)));
    if (!(flags & 4))
        request.authorization =
            "Bearer " + ((flags & 2) ? world->clinicianToken : world->patientToken);
    (void)world->api.handle(request);
    return 0;
}
