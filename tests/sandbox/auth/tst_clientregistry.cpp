#include "sandbox/auth/clientregistry.h"

#include <QTest>

using namespace kete::sandbox;

class tst_ClientRegistry : public QObject
{
    Q_OBJECT

private slots:
    void builtInClients()
    {
        const ClientRegistry registry;
        const auto kete = registry.find(QStringLiteral("kete-desktop"));
        QVERIFY(kete);
        QCOMPARE(kete->type, RegisteredClient::Type::Public);
        QVERIFY(registry.find(QStringLiteral("fhirclient-conformance")));
        QVERIFY(!registry.find(QStringLiteral("nobody")));
    }

    void redirectMatching_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("exact loopback") << "kete-desktop"
                                        << "http://127.0.0.1/kete/callback" << true;
        QTest::newRow("loopback, other port") << "kete-desktop"
                                              << "http://127.0.0.1:49152/kete/callback" << true;
        QTest::newRow("loopback, other path") << "kete-desktop"
                                              << "http://127.0.0.1:49152/kete/callback2" << false;
        QTest::newRow("loopback, query added")
            << "kete-desktop"
            << "http://127.0.0.1:49152/kete/callback?x=1" << false;
        QTest::newRow("loopback, other host") << "kete-desktop"
                                              << "http://127.0.0.2:49152/kete/callback" << false;
        QTest::newRow("loopback, https") << "kete-desktop"
                                         << "https://127.0.0.1:49152/kete/callback" << false;
        QTest::newRow("exact https") << "kete-desktop"
                                     << "https://kete.example.org/callback" << true;
        QTest::newRow("https, port added") << "kete-desktop"
                                           << "https://kete.example.org:8443/callback" << false;
        QTest::newRow("https, trailing slash") << "kete-desktop"
                                               << "https://kete.example.org/callback/" << false;
        QTest::newRow("attacker") << "kete-desktop"
                                  << "https://evil.example/callback" << false;
        QTest::newRow("userinfo trick") << "kete-desktop"
                                        << "http://127.0.0.1@evil.example/kete/callback" << false;
        QTest::newRow("conformance, port") << "fhirclient-conformance"
                                           << "http://127.0.0.1:8000/callback.html" << true;
        QTest::newRow("conformance, kete's URI") << "fhirclient-conformance"
                                                 << "http://127.0.0.1/kete/callback" << false;
    }

    void redirectMatching()
    {
        QFETCH(QString, client);
        QFETCH(QString, uri);
        QFETCH(bool, accepted);
        QCOMPARE(ClientRegistry().find(client)->acceptsRedirect(uri), accepted);
    }

    void loadsRegistrationJson()
    {
        ClientRegistry registry;
        const QByteArray json =
            "{\"clients\": ["
            "{\"client_id\": \"lab-portal\", \"name\": \"Lab Portal\", \"type\": "
            "\"confidential-symmetric\","
            "\"client_secret\": \"s3cret!\", \"redirect_uris\": [\"https://portal.example/cb\"],"
            "\"scopes\": [\"openid\", \"patient/*.rs\"]},"
            "{\"client_id\": \"kete-desktop\", \"type\": \"public\", \"redirect_uris\": "
            "[\"http://localhost/cb\"]}"
            "]}";
        const auto added = registry.loadJson(json);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().detail));
        QCOMPARE(added.value(), 2);
        const auto portal = registry.find(QStringLiteral("lab-portal"));
        QVERIFY(portal);
        QCOMPARE(portal->type, RegisteredClient::Type::ConfidentialSymmetric);
        QCOMPARE(portal->name, QStringLiteral("Lab Portal"));
        QVERIFY(portal->secretMatches(QStringLiteral("s3cret!")));
        QVERIFY(!portal->secretMatches(QStringLiteral("s3cret")));
        QVERIFY(!portal->secretHash.contains("s3cret!")); // only the hash is kept
        QCOMPARE(portal->allowedScopes->size(), 2);
        // A registration replaces the built-in client of the same id.
        QCOMPARE(registry.find(QStringLiteral("kete-desktop"))->redirectUris,
                 QStringList{QStringLiteral("http://localhost/cb")});
        QVERIFY(!registry.find(QStringLiteral("kete-desktop"))->secretMatches(QString()));
    }

    void refusesBadRegistrations_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not JSON") << QByteArray("clients");
        QTest::newRow("no client_id")
            << QByteArray("{\"clients\":[{\"redirect_uris\":[\"https://a/cb\"]}]}");
        QTest::newRow("confidential without secret")
            << QByteArray("{\"clients\":[{\"client_id\":\"a\",\"type\":\"confidential-symmetric\","
                          "\"redirect_uris\":[\"https://a/cb\"]}]}");
        QTest::newRow("unknown type")
            << QByteArray("{\"clients\":[{\"client_id\":\"a\",\"type\":\"confidential-asymmetric\","
                          "\"redirect_uris\":[\"https://a/cb\"]}]}");
        QTest::newRow("no redirect") << QByteArray("{\"clients\":[{\"client_id\":\"a\"}]}");
    }

    void refusesBadRegistrations()
    {
        QFETCH(QByteArray, json);
        ClientRegistry registry;
        QVERIFY(!registry.loadJson(json).ok());
        QCOMPARE(registry.all().size(), 2); // nothing half-added
    }
};

QTEST_GUILESS_MAIN(tst_ClientRegistry)
#include "tst_clientregistry.moc"
