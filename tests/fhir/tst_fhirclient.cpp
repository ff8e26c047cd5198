#include "fhir/fhirclient.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <memory>

using namespace kete;
using namespace kete::fhir;
using namespace std::chrono_literals;

namespace {

class TestTokens final : public AccessTokenSource
{
public:
    QByteArray token = "secret-token-old";
    QByteArray refreshed = "secret-token-new";
    bool failRefresh = false;
    int refreshes = 0;

    QByteArray currentToken() const override { return token; }
    void refresh(RefreshDone done) override
    {
        ++refreshes;
        if (failRefresh) {
            done(Error{QStringLiteral("no"), QStringLiteral("refresh refused")});
            return;
        }
        token = refreshed;
        done(token);
    }
};

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return request.headers().value(name).toByteArray();
#else
    return request.value(name);
#endif
}

QHttpServerResponse respond(int status, const QByteArray &body,
                            const QList<std::pair<QByteArray, QByteArray>> &headers = {})
{
    QHttpServerResponse response(QByteArrayLiteral("application/fhir+json"), body,
                                 QHttpServerResponse::StatusCode(status));
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders all = response.headers();
    for (const auto &[name, value] : headers)
        all.append(name, value);
    response.setHeaders(std::move(all));
#else
    for (const auto &[name, value] : headers)
        response.addHeader(name, value);
#endif
    return response;
}

// A searchset page with `count` lab Observations numbered from `first`, and a next link.
QByteArray page(int first, int count, const QString &next = {}, const QByteArray &extraEntry = {})
{
    QJsonArray links;
    if (!next.isEmpty())
        links.append(QJsonObject{{QStringLiteral("relation"), QStringLiteral("next")},
                                 {QStringLiteral("url"), next}});
    QJsonArray entries;
    for (int i = first; i < first + count; ++i) {
        const QJsonObject observation = QJsonDocument::fromJson(R"({"resourceType":"Observation",
            "status":"final","category":[{"coding":[{"code":"laboratory"}]}],
            "code":{"coding":[{"system":"http:\/\/loinc.org","code":"2345-7"}]},"valueQuantity":{"value":5.5}})")
                                            .object();
        QJsonObject withId = observation;
        withId.insert(QStringLiteral("id"), QStringLiteral("o%1").arg(i));
        entries.append(QJsonObject{{QStringLiteral("resource"), withId}});
    }
    if (!extraEntry.isEmpty())
        entries.append(QJsonDocument::fromJson(extraEntry).object());
    const QJsonObject bundle{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                             {QStringLiteral("type"), QStringLiteral("searchset")},
                             {QStringLiteral("total"), count},
                             {QStringLiteral("link"), links},
                             {QStringLiteral("entry"), entries}};
    return QJsonDocument(bundle).toJson(QJsonDocument::Compact);
}

// A TCP server that answers with a truncated response and closes (dropped connection), or
// never answers at all (silent).
class RawServer final : public QTcpServer
{
public:
    enum class Mode
    {
        Drop,
        Silent
    };
    explicit RawServer(Mode mode)
        : m_mode(mode)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffer += socket->readAll();
                    if (!m_buffer.contains("\r\n\r\n") || m_mode == Mode::Silent)
                        return;
                    socket->write(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                        "Content-Length: 5000\r\n\r\n{\"resourceType\":\"Bundle\",\"entry\":[");
                    socket->flush();
                    socket->close();
                });
                connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
                    ++disconnections;
                    socket->deleteLater();
                });
            }
        });
        listen(QHostAddress::LocalHost);
    }
    // The sockets (children) go while this object is whole: their handlers count on it.
    ~RawServer() override { qDeleteAll(findChildren<QTcpSocket *>()); }
    Q_DISABLE_COPY_MOVE(RawServer)
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(serverPort())); }
    int connections = 0;
    int disconnections = 0;

private:
    Mode m_mode;
    QByteArray m_buffer;
};

// Answers every request with `headers`, then one `chunk` of body per `interval` until `total`
// body bytes are out or the client goes away: a huge page, a trickling one, or one that declares
// a length it never sends. Writes only as fast as the client reads.
class StreamingServer final : public QTcpServer
{
public:
    struct Plan
    {
        QByteArray headers;
        QByteArray chunk;
        qint64 total = 0;
        std::chrono::milliseconds interval{1};
    };
    explicit StreamingServer(Plan plan)
        : m_plan(std::move(plan))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
        listen(QHostAddress::LocalHost);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(serverPort())); }
    qint64 bodyWritten = 0;
    bool clientLeft = false;

private:
    void serve(QTcpSocket *socket)
    {
        auto *timer = new QTimer(socket);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, timer] {
            m_request += socket->readAll();
            if (!m_request.contains("\r\n\r\n") || timer->isActive())
                return;
            socket->write(m_plan.headers);
            timer->start(m_plan.interval);
        });
        connect(timer, &QTimer::timeout, socket, [this, socket, timer] {
            if (socket->bytesToWrite() > 4 * m_plan.chunk.size())
                return;
            const qint64 size = std::min<qint64>(m_plan.chunk.size(), m_plan.total - bodyWritten);
            socket->write(m_plan.chunk.left(size));
            bodyWritten += size;
            if (bodyWritten >= m_plan.total)
                timer->stop();
        });
        connect(socket, &QTcpSocket::disconnected, socket, [this, socket, timer] {
            clientLeft = true;
            timer->stop();
            socket->deleteLater();
        });
    }

    Plan m_plan;
    QByteArray m_request;
};

} // namespace

class TestFhirClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<QHttpServer> m_server;
    std::unique_ptr<QTcpServer> m_tcp;
    quint16 m_port = 0;
    QList<QUrl> m_hits;
    QList<QByteArray> m_authorizations;
    QList<QByteArray> m_accepts;
    TestTokens m_tokens;

    QString base() const { return QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port); }
    QUrl baseUrl() const { return QUrl(base()); }

    void record(const QHttpServerRequest &request)
    {
        m_hits.append(request.url());
        m_authorizations.append(header(request, "Authorization"));
        m_accepts.append(header(request, "Accept"));
    }

    template<typename Handler> void route(const QString &path, Handler handler)
    {
        m_server->route(path, [this, handler](const QHttpServerRequest &request) {
            record(request);
            return handler(request);
        });
    }

    static FhirClientOptions fastOptions()
    {
        FhirClientOptions options;
        options.transferTimeout = 5s;
        options.initialBackoff = 20ms;
        options.maxRetryDelay = 2s;
        return options;
    }

    struct Finished
    {
        QList<BundlePage> pages;
        RequestOutcome outcome;
    };
    // Runs a request to its end.
    static void wait(FhirRequest *request, Finished &result, int timeoutMs = 10000)
    {
        QSignalSpy pages(request, &FhirRequest::pageReceived);
        QSignalSpy finished(request, &FhirRequest::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, timeoutMs);
        for (const QList<QVariant> &args : std::as_const(pages))
            result.pages.append(args.at(0).value<BundlePage>());
        result.outcome = finished.at(0).at(0).value<RequestOutcome>();
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<QHttpServer>();
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        m_tcp = std::make_unique<QTcpServer>();
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost));
        QVERIFY(m_server->bind(m_tcp.get()));
        m_port = m_tcp->serverPort();
#else
        m_port = m_server->listen(QHostAddress::LocalHost);
#endif
        QVERIFY(m_port != 0);
        m_hits.clear();
        m_authorizations.clear();
        m_accepts.clear();
        m_tokens = TestTokens{};
    }
    void cleanup()
    {
        m_server.reset();
        m_tcp.reset();
    }

    void pagingFollowsOpaqueNextLinks()
    {
        // Watch every log line: neither the token nor a result may appear.
        static QStringList logLines;
        logLines.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("kete.*.debug=true"));
        const QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &,
                                      const QString &message) { logLines << message; });

        const QString next1 = base() + QStringLiteral("/page?token=a%2Fb%2Bc&_getpagesoffset=2");
        const QString next2 = base() + QStringLiteral("/page?token=second");
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(200, page(0, 2, next1)); });
        route(QStringLiteral("/fhir/page"), [&](const QHttpServerRequest &request) {
            if (request.url().query(QUrl::FullyEncoded) ==
                QLatin1String("token=a%2Fb%2Bc&_getpagesoffset=2"))
                return respond(200, page(2, 2, next2));
            if (request.url().query() == QLatin1String("token=second"))
                return respond(200, page(4, 1));
            return respond(400, "{}");
        });

        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        const SearchQuery query = SearchQuery()
                                      .add(QStringLiteral("patient"), QStringLiteral("p1"))
                                      .add(QStringLiteral("_count"), QStringLiteral("2"));
        Finished result;
        wait(client.search(QStringLiteral("Observation"), query), result);
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());

        QVERIFY2(result.outcome.ok(),
                 qPrintable(result.outcome.error ? result.outcome.error->detail : QString()));
        QCOMPARE(result.pages.size(), 3);
        QCOMPARE(result.outcome.pages, 3);
        QCOMPARE(result.outcome.resources, 5);
        QCOMPARE(result.pages.at(1).observations.constFirst().id, QStringLiteral("o2"));
        QCOMPARE(m_hits.size(), 3);
        QCOMPARE(m_hits.at(0).query(), QStringLiteral("patient=p1&_count=2"));
        // The second request went to the next link exactly as sent.
        QCOMPARE(m_hits.at(1).toString(QUrl::FullyEncoded), next1);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(m_authorizations.at(i), QByteArray("Bearer secret-token-old"));
            QCOMPARE(m_accepts.at(i), QByteArray("application/fhir+json"));
        }
        QCOMPARE(client.requestsInFlight(), 0);
        QVERIFY(!logLines.isEmpty());
        for (const QString &line : std::as_const(logLines)) {
            QVERIFY2(!line.contains(QLatin1String("secret-token")), qPrintable(line));
            QVERIFY2(!line.contains(QLatin1String("2345-7")), qPrintable(line));
            QVERIFY2(!line.contains(QLatin1String("token=")), qPrintable(line)); // queries stripped
        }
    }

    void relativeNextLinkIsResolvedAgainstTheBase()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            return respond(200, page(0, 1, QStringLiteral("page?cursor=xyz")));
        });
        route(QStringLiteral("/fhir/page"),
              [&](const QHttpServerRequest &) { return respond(200, page(1, 1)); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(result.outcome.ok());
        QCOMPARE(m_hits.size(), 2);
        QCOMPARE(m_hits.at(1).query(), QStringLiteral("cursor=xyz"));
    }

    void readReturnsOneResource()
    {
        route(QStringLiteral("/fhir/Patient/p1"), [](const QHttpServerRequest &) {
            return respond(
                200,
                R"({"resourceType":"Patient","id":"p1","gender":"male","birthDate":"1956-03-10"})");
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.read(QStringLiteral("Patient"), QStringLiteral("p1")), result);
        QVERIFY(result.outcome.ok());
        QCOMPARE(result.pages.size(), 1);
        QCOMPARE(result.pages.constFirst().patients.constFirst().id, QStringLiteral("p1"));
        QCOMPARE(m_hits.constFirst().path(), QStringLiteral("/fhir/Patient/p1"));
    }

    void repeatedNextLinkStops()
    {
        const QString again = base() + QStringLiteral("/page?n=1");
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(200, page(0, 1, again)); });
        route(QStringLiteral("/fhir/page"), [&](const QHttpServerRequest &) {
            return respond(200, page(1, 1, again)); // points at itself
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(result.outcome.error->detail.contains(QLatin1String("already fetched")));
        QCOMPARE(result.pages.size(), 2); // what arrived is kept
        QCOMPARE(m_hits.size(), 2);
    }

    void pageLimitStops()
    {
        route(QStringLiteral("/fhir/page"), [&](const QHttpServerRequest &request) {
            const int n = request.query().queryItemValue(QStringLiteral("n")).toInt();
            return respond(200, page(n, 1, base() + QStringLiteral("/page?n=%1").arg(n + 1)));
        });
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            return respond(200, page(0, 1, base() + QStringLiteral("/page?n=1")));
        });
        FhirClientOptions options = fastOptions();
        options.maxPages = 4;
        FhirClient client(baseUrl(), &m_tokens, options);
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(result.outcome.error->detail.contains(QLatin1String("page limit")));
        QCOMPARE(m_hits.size(), 4);
    }

    void nextLinkToAnotherOriginIsRefused_data()
    {
        QTest::addColumn<QString>("next");
        QTest::newRow("another host") << QStringLiteral("https://evil.example/fhir/page?n=2");
        QTest::newRow("another port") << QStringLiteral("http://127.0.0.1:1/fhir/page?n=2");
        QTest::newRow("another scheme") << QStringLiteral("https://127.0.0.1/fhir/page");
    }
    void nextLinkToAnotherOriginIsRefused()
    {
        QFETCH(QString, next);
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(200, page(0, 1, next)); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(result.outcome.error->detail.contains(QLatin1String("another origin")));
        QCOMPARE(m_hits.size(), 1);
    }

    void tooManyRequestsHonoursRetryAfter_data()
    {
        QTest::addColumn<bool>("asHttpDate");
        QTest::newRow("seconds") << false;
        QTest::newRow("HTTP-date") << true;
    }
    void tooManyRequestsHonoursRetryAfter()
    {
        QFETCH(bool, asHttpDate);
        // HTTP-date has whole seconds: two seconds ahead is at least one second away.
        const QByteArray retryAfter =
            asHttpDate ? QLocale::c()
                             .toString(QDateTime::currentDateTimeUtc().addSecs(2),
                                       QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                             .toLatin1()
                       : QByteArray("1");
        const int atLeastMs = 950;
        int calls = 0;
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            if (++calls == 1)
                return respond(429, "{}", {{"Retry-After", retryAfter}});
            return respond(200, page(0, 1));
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        QElapsedTimer timer;
        timer.start();
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(result.outcome.ok());
        QCOMPARE(calls, 2);
        QVERIFY2(timer.elapsed() >= atLeastMs, "waited as long as Retry-After asked");
    }

    void unavailableBacksOffThenGivesUp()
    {
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(503, "{}"); });
        FhirClientOptions options = fastOptions();
        options.maxRetries = 2;
        FhirClient client(baseUrl(), &m_tokens, options);
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QCOMPARE(m_hits.size(), 3);
        QVERIFY(result.outcome.error->message.contains(QLatin1String("busy")));
    }

    void retryAfterBeyondTheBoundFailsAtOnce()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            return respond(429, "{}", {{"Retry-After", "3600"}});
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result, 1500);
        QVERIFY(!result.outcome.ok());
        QCOMPARE(m_hits.size(), 1);
    }

    void unauthorizedRefreshesOnceThenRetries()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &request) {
            if (header(request, "Authorization") != "Bearer secret-token-new")
                return respond(401, "{}", {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}});
            return respond(200, page(0, 1));
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(result.outcome.ok());
        QCOMPARE(m_tokens.refreshes, 1);
        QCOMPARE(m_authorizations,
                 QList<QByteArray>({"Bearer secret-token-old", "Bearer secret-token-new"}));
    }

    void unauthorizedAfterRefreshFails()
    {
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(401, "{}"); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QCOMPARE(m_tokens.refreshes, 1);
        QCOMPARE(m_hits.size(), 2);
        QVERIFY(result.outcome.error->message.contains(QLatin1String("Sign in again")));
    }

    void failedRefreshAsksToSignIn()
    {
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(401, "{}"); });
        m_tokens.failRefresh = true;
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QCOMPARE(m_hits.size(), 1);
        QVERIFY(result.outcome.error->message.contains(QLatin1String("expired")));
    }

    void concurrent401sShareOneRefresh()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &request) {
            if (header(request, "Authorization") != "Bearer secret-token-new")
                return respond(401, "{}");
            return respond(200, page(0, 1));
        });
        route(QStringLiteral("/fhir/Condition"), [&](const QHttpServerRequest &request) {
            if (header(request, "Authorization") != "Bearer secret-token-new")
                return respond(401, "{}");
            return respond(200, page(0, 0));
        });
        // A token source that answers later, as the real one does after an HTTP round trip.
        struct SlowTokens final : AccessTokenSource
        {
            QByteArray token = "secret-token-old";
            int refreshes = 0;
            QByteArray currentToken() const override { return token; }
            void refresh(RefreshDone done) override
            {
                ++refreshes;
                QTimer::singleShot(50, qApp, [this, done] {
                    token = "secret-token-new";
                    done(token);
                });
            }
        } tokens;
        FhirClient client(baseUrl(), &tokens, fastOptions());
        FhirRequest *a = client.search(QStringLiteral("Observation"), {});
        FhirRequest *b = client.search(QStringLiteral("Condition"), {});
        QSignalSpy aDone(a, &FhirRequest::finished);
        QSignalSpy bDone(b, &FhirRequest::finished);
        QTRY_COMPARE(aDone.count() + bDone.count(), 2);
        QVERIFY(aDone.at(0).at(0).value<RequestOutcome>().ok());
        QVERIFY(bDone.at(0).at(0).value<RequestOutcome>().ok());
        QCOMPARE(tokens.refreshes, 1);
    }

    void forbiddenSaysWhatIsNotShared_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("words");
        QTest::newRow("Observation") << "Observation"
                                     << "lab results";
        QTest::newRow("Condition") << "Condition"
                                   << "conditions";
        QTest::newRow("DiagnosticReport") << "DiagnosticReport"
                                          << "lab reports";
    }
    void forbiddenSaysWhatIsNotShared()
    {
        QFETCH(QString, type);
        QFETCH(QString, words);
        route(QStringLiteral("/fhir/") + type, [&](const QHttpServerRequest &) {
            return respond(
                403,
                R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden"}]})");
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(type, {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY2(result.outcome.error->message.contains(words),
                 qPrintable(result.outcome.error->message));
        QVERIFY(result.outcome.error->message.contains(QLatin1String("not shared")));
        QCOMPARE(m_tokens.refreshes, 0);
    }

    void operationOutcomeBodyBecomesTheMessage_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("400 + OperationOutcome")
            << 400
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"The category parameter is required."}]})")
            << "The category parameter is required.";
        QTest::newRow("500 + OperationOutcome")
            << 500
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"exception","details":{"text":"Database unavailable"}}]})")
            << "Database unavailable";
        QTest::newRow("500, HTML body") << 500 << QByteArray("<html>oops</html>")
                                        << "The server has a problem (error 500). Try again later.";
        QTest::newRow("200 but OperationOutcome")
            << 200
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"too-costly"}]})")
            << "The server found too many records to send.";
    }
    void operationOutcomeBodyBecomesTheMessage()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(status, body); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QCOMPARE(result.outcome.error->message, message);
    }

    void malformedJsonIsAClearError()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            return respond(200, R"({"resourceType":"Bundle","entry":[{"resource":)");
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(result.outcome.error->message.contains(QLatin1String("cannot read")));
        QVERIFY(result.outcome.error->detail.contains(QLatin1String("malformed JSON")));
    }

    void droppedConnectionIsAClearError()
    {
        RawServer raw(RawServer::Mode::Drop);
        FhirClient client(raw.url(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY2(result.outcome.error->message.contains(QLatin1String("connection")),
                 qPrintable(result.outcome.error->message));
        QCOMPARE(raw.connections, 1);
    }

    void silentServerTimesOut()
    {
        RawServer raw(RawServer::Mode::Silent);
        FhirClientOptions options = fastOptions();
        options.transferTimeout = 300ms;
        FhirClient client(raw.url(), &m_tokens, options);
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(!result.outcome.cancelled);
        QVERIFY(result.outcome.error->message.contains(QLatin1String("in time")));
    }

    void outcomeEntriesBecomeNotices()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            return respond(
                200,
                page(
                    0, 1, {},
                    R"({"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"incomplete","diagnostics":"Results before 2015 are not available."}]},"search":{"mode":"outcome"}})"));
        });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(result.outcome.ok());
        QCOMPARE(result.outcome.notices.size(), 1);
        QCOMPARE(result.outcome.notices.constFirst().message,
                 QStringLiteral("Results before 2015 are not available."));
        QCOMPARE(result.outcome.notices.constFirst().severity, Notice::Severity::Warning);
        QCOMPARE(result.pages.constFirst().notices.size(), 1);
    }

    void searchValuesAreEncodedWhole()
    {
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(200, page(0, 1)); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(
                 QStringLiteral("Observation"),
                 SearchQuery()
                     .addAnyOf(QStringLiteral("code"), {QStringLiteral("http://loinc.org|85354-9"),
                                                        QStringLiteral("http://loinc.org|55284-4")})
                     .add(QStringLiteral("identifier"), QStringLiteral("a,b\\c"))
                     .add(QStringLiteral("code:text"), QStringLiteral("x y&z=1+2#%41"))),
             result);
        QVERIFY(result.outcome.ok());
        QCOMPARE(m_hits.size(), 1);
        // What the server saw: reserved characters inside values encoded, the OR commas raw.
        QCOMPARE(
            m_hits.constFirst().query(QUrl::FullyEncoded),
            QStringLiteral("code=http%3A%2F%2Floinc.org%7C85354-9,http%3A%2F%2Floinc.org%7C55284-"
                           "4&identifier=a%5C%2Cb%5C%5Cc&code:text=x%20y%26z%3D1%2B2%23%2541"));
        QCOMPARE(QUrlQuery(m_hits.constFirst())
                     .queryItemValue(QStringLiteral("code:text"), QUrl::FullyDecoded),
                 QStringLiteral("x y&z=1+2#%41"));
    }

    void oneUnreadableEntryIsDroppedNotThePage_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::newRow("invalid UTF-8") << QByteArray("\"o2\"")
                                       << QByteArray("\"o\xff"
                                                     "2\"");
        QTest::newRow("number out of range") << QByteArray("5.5") << QByteArray("1e999");
    }
    void oneUnreadableEntryIsDroppedNotThePage()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QByteArray body = page(0, 5);
        // The third of five Observations carries the bad byte or number.
        const qsizetype third = body.indexOf("\"id\":\"o2\"");
        QVERIFY(third > 0);
        const qsizetype at = body.indexOf(from, third);
        body.replace(at, from.size(), to);
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(200, body); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY2(result.outcome.ok(),
                 result.outcome.error ? qPrintable(result.outcome.error->detail) : "");
        QCOMPARE(result.outcome.resources, 4);
        QStringList ids;
        for (const Observation &o : std::as_const(result.pages.constFirst().observations))
            ids << o.id;
        QCOMPARE(ids, (QStringList{QStringLiteral("o0"), QStringLiteral("o1"), QStringLiteral("o3"),
                                   QStringLiteral("o4")}));
        QCOMPARE(result.pages.constFirst().unreadableResources, 1);
        QCOMPARE(result.outcome.notices.size(), 1);
        QCOMPARE(result.outcome.notices.constFirst().message,
                 QStringLiteral("1 item from the server could not be read and is not shown."));
    }

    void pageOverTheSizeLimitIsRefused()
    {
        route(QStringLiteral("/fhir/Observation"),
              [&](const QHttpServerRequest &) { return respond(200, page(0, 2000)); });
        FhirClientOptions options = fastOptions();
        options.maxPageBytes = 64 * 1024;
        FhirClient client(baseUrl(), &m_tokens, options);
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(result.pages.isEmpty());
        QVERIFY2(result.outcome.error->message.contains(QLatin1String("larger than Kete accepts")),
                 qPrintable(result.outcome.error->message));
        QCOMPARE(result.outcome.error->detail, QStringLiteral("page over 65536 bytes"));
    }

    void declaredLengthOverTheLimitFailsAtOnce()
    {
        // Headers announce 200 MB; the body never comes. Refused on the headers, not after the
        // transfer timeout.
        StreamingServer server({"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                                "Content-Length: 200000000\r\n\r\n",
                                "{", 1, 10ms});
        FhirClientOptions options = fastOptions();
        options.maxPageBytes = 1024 * 1024;
        options.transferTimeout = 20s;
        FhirClient client(server.url(), &m_tokens, options);
        QElapsedTimer elapsed;
        elapsed.start();
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result, 15000);
        QVERIFY(!result.outcome.ok());
        QVERIFY2(result.outcome.error->message.contains(QLatin1String("larger than Kete accepts")),
                 qPrintable(result.outcome.error->message));
        QVERIFY(elapsed.elapsed() < 10000);
        QTRY_VERIFY(server.clientLeft);
    }

    void undeclaredStreamStopsOnceOverTheLimit()
    {
        // No Content-Length: the answer is cut off as soon as more than the limit has arrived.
        StreamingServer server({"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                                "Connection: close\r\n\r\n",
                                QByteArray(64 * 1024, ' '), 64LL * 1024 * 1024, 1ms});
        FhirClientOptions options = fastOptions();
        options.maxPageBytes = 1024 * 1024;
        FhirClient client(server.url(), &m_tokens, options);
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result, 60000);
        QVERIFY(!result.outcome.ok());
        QVERIFY2(result.outcome.error->message.contains(QLatin1String("larger than Kete accepts")),
                 qPrintable(result.outcome.error->message));
        QTRY_VERIFY(server.clientLeft);
        QVERIFY2(server.bodyWritten < 16LL * 1024 * 1024,
                 qPrintable(QString::number(server.bodyWritten)));
    }

    void tricklingServerMeetsThePageTimeLimit()
    {
        // One byte every 100 ms never trips the transfer timeout; the page time limit ends it.
        StreamingServer server({"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                                "Content-Length: 100000\r\n\r\n",
                                " ", 100000, 100ms});
        FhirClientOptions options = fastOptions();
        options.transferTimeout = 1s;
        options.pageTimeLimit = 1500ms;
        FhirClient client(server.url(), &m_tokens, options);
        QElapsedTimer elapsed;
        elapsed.start();
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result, 15000);
        QVERIFY(!result.outcome.ok());
        QVERIFY2(result.outcome.error->message.contains(QLatin1String("took longer than")),
                 qPrintable(result.outcome.error->message));
        QVERIFY(elapsed.elapsed() >= 1400);
        QVERIFY(server.bodyWritten > 5); // bytes did keep coming
        QTRY_VERIFY(server.clientLeft);
    }

    void insecureUrlsAreRefused_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << "https://fhir.example.org/r4" << true;
        QTest::newRow("http loopback v4") << "http://127.0.0.1:8080/fhir" << true;
        QTest::newRow("http localhost") << "http://localhost:8080/fhir" << true;
        QTest::newRow("http loopback v6") << "http://[::1]:8080/fhir" << true;
        QTest::newRow("http elsewhere") << "http://fhir.example.org/r4" << false;
        QTest::newRow("http private address") << "http://192.168.1.10/fhir" << false;
        QTest::newRow("http host named like localhost")
            << "http://localhost.evil.example/fhir" << false;
        QTest::newRow("ftp") << "ftp://fhir.example.org/" << false;
        QTest::newRow("no host") << "https:///fhir" << false;
    }
    void insecureUrlsAreRefused()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        QCOMPARE(FhirClient::checkServerUrl(QUrl(url)).ok(), allowed);
        if (allowed)
            return;
        // A client on such an address fails every request without touching the network.
        FhirClient client(QUrl(url), &m_tokens, fastOptions());
        Finished result;
        wait(client.search(QStringLiteral("Observation"), {}), result);
        QVERIFY(!result.outcome.ok());
        QVERIFY(!result.outcome.error->message.isEmpty());
    }

    void cancelAllAbortsInFlight()
    {
        RawServer raw(RawServer::Mode::Silent);
        FhirClient client(raw.url(), &m_tokens, fastOptions());
        FhirRequest *a = client.search(QStringLiteral("Observation"), {});
        FhirRequest *b = client.read(QStringLiteral("Patient"), QStringLiteral("p1"));
        QSignalSpy aDone(a, &FhirRequest::finished);
        QSignalSpy bDone(b, &FhirRequest::finished);
        QTRY_COMPARE(raw.connections, 2);
        QCOMPARE(client.requestsInFlight(), 2);
        client.cancelAll();
        QCOMPARE(aDone.count(), 1);
        QCOMPARE(bDone.count(), 1);
        QVERIFY(aDone.at(0).at(0).value<RequestOutcome>().cancelled);
        QCOMPARE(client.requestsInFlight(), 0);
        QTRY_COMPARE(raw.disconnections, 2); // the sockets really closed
    }

    void destroyingTheClientEndsItsRequests()
    {
        RawServer raw(RawServer::Mode::Silent);
        auto client = std::make_unique<FhirClient>(raw.url(), &m_tokens, fastOptions());
        FhirRequest *request = client->search(QStringLiteral("Observation"), {});
        QSignalSpy finished(request, &FhirRequest::finished);
        QTRY_COMPARE(raw.connections, 1);
        client.reset();
        QCOMPARE(finished.count(), 1);
        QVERIFY(finished.at(0).at(0).value<RequestOutcome>().cancelled);
    }

    void cancelBetweenPagesStopsPaging()
    {
        route(QStringLiteral("/fhir/Observation"), [&](const QHttpServerRequest &) {
            return respond(200, page(0, 1, base() + QStringLiteral("/page?n=1")));
        });
        route(QStringLiteral("/fhir/page"),
              [&](const QHttpServerRequest &) { return respond(200, page(1, 1)); });
        FhirClient client(baseUrl(), &m_tokens, fastOptions());
        FhirRequest *request = client.search(QStringLiteral("Observation"), {});
        connect(request, &FhirRequest::pageReceived, request, [request] { request->cancel(); });
        Finished result;
        wait(request, result);
        QVERIFY(result.outcome.cancelled);
        QCOMPARE(result.pages.size(), 1);
        // The second page was already asked for while the first was parsed (its next link is
        // read first); the cancel aborts it, and nothing after it is asked for.
        QVERIFY(m_hits.size() <= 2);
    }
};

QTEST_GUILESS_MAIN(TestFhirClient)
#include "tst_fhirclient.moc"
