// The personas' habits in the FHIR API itself (FhirApi::handle, no HTTP), strict to the letter:
// page size caps, paging links that expire, the request budget, the exact audience.
#include "sandbox/auth/tokenstore.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/fhirapi/fhirapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace kete::sandbox;

namespace {

const QString base = QStringLiteral("http://127.0.0.1:8080/fhir");

QList<SearchParameter> parameters(const QUrl &url)
{
    QList<SearchParameter> list;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items)
        list.append({name, value});
    return list;
}

QJsonObject json(const FhirResponse &response)
{
    return QJsonDocument::fromJson(response.reply.body).object();
}

QUrl nextLink(const FhirResponse &response)
{
    const QJsonArray links = json(response).value(QLatin1String("link")).toArray();
    for (const QJsonValue &link : links) {
        if (link[QLatin1String("relation")].toString() == QLatin1String("next"))
            return QUrl(link[QLatin1String("url")].toString());
    }
    return {};
}

qsizetype entries(const FhirResponse &response)
{
    return json(response).value(QLatin1String("entry")).toArray().size();
}

} // namespace

class TestPersonaHabits : public QObject
{
    Q_OBJECT

    ResourceStore m_store;
    QDateTime m_now;
    std::unique_ptr<TokenStore> m_tokens;
    FaultPlan m_faults;
    std::unique_ptr<FhirApi> m_api;

    void startWith(const QString &persona)
    {
        m_faults = FaultPlan();
        if (!persona.isEmpty())
            m_faults.enable(*Persona::fromName(persona));
        m_tokens = std::make_unique<TokenStore>([this] { return m_now; });
        m_api = std::make_unique<FhirApi>(m_store, *m_tokens, m_faults);
        m_api->setBaseUrl(QUrl(base));
    }

    QByteArray token(const QString &audience = base)
    {
        AccessGrant grant;
        grant.clientId = QStringLiteral("kete-desktop");
        grant.scopes = {QStringLiteral("patient/*.rs")};
        grant.patientId = QStringLiteral("grace-huang");
        grant.fhirUser = QStringLiteral("Patient/grace-huang");
        grant.audience = audience;
        return m_tokens->issue(grant, false).accessToken;
    }

    FhirResponse get(const QUrl &url, const QByteArray &bearer)
    {
        FhirRequest request;
        request.method = "GET";
        request.path = url.path().mid(QStringLiteral("/fhir/").size()).split(QLatin1Char('/'));
        request.query = parameters(url);
        request.authorization = "Bearer " + bearer;
        request.url = url;
        return m_api->handle(request);
    }

    static QUrl labs(const QString &count = {})
    {
        QUrl url(base + QStringLiteral("/Observation"));
        QUrlQuery query{{QStringLiteral("category"), QStringLiteral("laboratory")}};
        if (!count.isEmpty())
            query.addQueryItem(QStringLiteral("_count"), count);
        url.setQuery(query);
        return url;
    }

private Q_SLOTS:
    void initTestCase()
    {
        GeneratorOptions options;
        options.largePatientObservations = 600;
        PatientGenerator(options).generate(m_store);
    }

    void init() { m_now = QDateTime::fromSecsSinceEpoch(1767268800).toUTC(); }

    void personaNames()
    {
        const QStringList names = Persona::allNames();
        QCOMPARE(names, (QStringList{QStringLiteral("epic-like"), QStringLiteral("cerner-like"),
                                     QStringLiteral("hapi-like"), QStringLiteral("athena-like"),
                                     QStringLiteral("rate-limited")}));
        for (const QString &name : names)
            QVERIFY(Persona::fromName(name) && !Persona::fromName(name)->habits.isEmpty());
        QVERIFY(!Persona::fromName(QStringLiteral("epic")));
        QVERIFY(Persona::fromName(QStringLiteral("epic-like"))
                    ->habits.contains(Fault::DynamicRegistration));
    }

    void cernerLikePagesDefaultTo50AndStopAt200()
    {
        startWith(QStringLiteral("cerner-like"));
        const QByteArray bearer = token();
        QCOMPARE(entries(get(labs(), bearer)), 50);
        const FhirResponse capped = get(labs(QStringLiteral("500")), bearer);
        QCOMPARE(capped.reply.status, 200);
        QCOMPARE(entries(capped), 200);
        QVERIFY(nextLink(capped).toString().contains(QLatin1String("_count=200")));
        // The plain sandbox gives what is asked, up to 1000.
        startWith({});
        QCOMPARE(entries(get(labs(QStringLiteral("500")), token())), 500);
    }

    void hapiLikeNextLinksExpire()
    {
        startWith(QStringLiteral("hapi-like"));
        const QByteArray bearer = token();
        const FhirResponse first = get(labs(QStringLiteral("100")), bearer);
        const QUrl next = nextLink(first);
        QVERIFY(QUrlQuery(next).hasQueryItem(QStringLiteral("_getpages")));
        QCOMPARE(get(next, bearer).reply.status, 200);

        // A next link without its paging id, or with one that is not known: gone.
        QUrl stripped = next;
        QUrlQuery query(next);
        query.removeAllQueryItems(QStringLiteral("_getpages"));
        stripped.setQuery(query);
        QCOMPARE(get(stripped, bearer).reply.status, 410);

        m_now = m_now.addSecs(FhirApi::pageLinkLifetime.count());
        const FhirResponse expired = get(next, bearer);
        QCOMPARE(expired.reply.status, 410);
        QVERIFY(json(expired).value(QLatin1String("resourceType")) ==
                QLatin1String("OperationOutcome"));
        // Searching again gives fresh links that work.
        const QUrl fresh = nextLink(get(labs(QStringLiteral("100")), bearer));
        QVERIFY(fresh != next);
        QCOMPARE(get(fresh, bearer).reply.status, 200);
    }

    void rateLimitedAnswers429WithRetryAfterAndReset()
    {
        startWith(QStringLiteral("rate-limited"));
        const QByteArray bearer = token();
        for (int i = 0; i < FhirApi::rateLimitBudget; ++i)
            QCOMPARE(get(labs(), bearer).reply.status, 200);
        const FhirResponse refused = get(labs(), bearer);
        QCOMPARE(refused.reply.status, 429);
        QCOMPARE(refused.reply.header("Retry-After"), QByteArray("2"));
        QCOMPARE(refused.reply.header("X-RateLimit-Remaining"), QByteArray("0"));
        QCOMPARE(refused.reply.header("X-RateLimit-Limit"),
                 QByteArray::number(FhirApi::rateLimitBudget));
        QCOMPARE(refused.reply.header("X-RateLimit-Reset").toLongLong(),
                 m_now.toSecsSinceEpoch() + FhirApi::rateLimitWindow.count());
        m_now = m_now.addSecs(FhirApi::rateLimitWindow.count());
        QCOMPARE(get(labs(), bearer).reply.status, 200);
    }

    void athenaLikeAudienceMustMatchExactly()
    {
        startWith(QStringLiteral("athena-like"));
        QCOMPARE(get(labs(), token()).reply.status, 200);
        QCOMPARE(get(labs(), token(base + QLatin1Char('/'))).reply.status, 401);
        startWith({});
        QCOMPARE(get(labs(), token(base + QLatin1Char('/'))).reply.status, 200);
    }

    void epicLikeNeedsACategory()
    {
        startWith(QStringLiteral("epic-like"));
        QUrl withoutCategory(base + QStringLiteral("/Observation"));
        QCOMPARE(get(withoutCategory, token()).reply.status, 400);
        QCOMPARE(get(labs(), token()).reply.status, 200);
    }
};

QTEST_GUILESS_MAIN(TestPersonaHabits)
#include "tst_personahabits.moc"
