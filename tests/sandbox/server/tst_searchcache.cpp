#include "sandbox/fhirapi/searchcache.h"

#include <QTest>

using namespace kete::sandbox;

namespace {

Matches matchesOf(qsizetype count)
{
    QList<QJsonObject> list;
    for (qsizetype i = 0; i < count; ++i)
        list.append(QJsonObject{{QStringLiteral("id"), QString::number(i)}});
    return std::make_shared<const QList<QJsonObject>>(std::move(list));
}

} // namespace

// The search cache is bounded in entries and in bytes: queries are chosen by whoever sends
// them, so a 10 MB query must not be kept (the audit grew the cache to 1 GB that way).
class tst_SearchCache : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheMostRecentEntries()
    {
        SearchCache cache(3);
        for (int i = 0; i < 5; ++i)
            cache.insert(QStringLiteral("Observation?i=%1").arg(i), matchesOf(2));
        QCOMPARE(cache.size(), 3);
        QVERIFY(!cache.find(QStringLiteral("Observation?i=0")));
        QVERIFY(!cache.find(QStringLiteral("Observation?i=1")));
        QVERIFY(cache.find(QStringLiteral("Observation?i=2")));
        // A hit is the most recent again: the next insert drops i=3, not i=2.
        cache.insert(QStringLiteral("Observation?i=5"), matchesOf(2));
        QVERIFY(cache.find(QStringLiteral("Observation?i=2")));
        QVERIFY(!cache.find(QStringLiteral("Observation?i=3")));
    }

    void clearForgetsEverything()
    {
        SearchCache cache;
        cache.insert(QStringLiteral("Observation?a=1"), matchesOf(2));
        cache.insert(QStringLiteral("Observation?a=2"), matchesOf(2));
        cache.clear();
        QCOMPARE(cache.size(), 0);
        QCOMPARE(cache.bytes(), 0);
        QVERIFY(!cache.find(QStringLiteral("Observation?a=1")));
        cache.insert(QStringLiteral("Observation?a=1"), matchesOf(2));
        QVERIFY(cache.find(QStringLiteral("Observation?a=1")));
    }

    void aHugeQueryIsNotKept()
    {
        SearchCache cache;
        const QString huge =
            QStringLiteral("Observation?code=") + QString(10 * 1024 * 1024, QLatin1Char('x'));
        cache.insert(huge, matchesOf(1));
        QVERIFY(!cache.find(huge));
        QCOMPARE(cache.size(), 0);
        QCOMPARE(cache.bytes(), 0);
        // Ordinary ones still are.
        cache.insert(QStringLiteral("Observation?code=1"), matchesOf(1));
        QVERIFY(cache.find(QStringLiteral("Observation?code=1")));
    }

    void totalBytesStayBounded()
    {
        // More long (but allowed) keys than the byte budget holds, fewer than the entry limit.
        const QString padding(SearchCache::maxKeyChars - 100, QLatin1Char('y'));
        const int inserts = int(SearchCache::maxBytes / (padding.size() * 2)) + 50;
        SearchCache cache(inserts + 100);
        for (int i = 0; i < inserts; ++i)
            cache.insert(QStringLiteral("Observation?%1&n=%2").arg(padding).arg(i), matchesOf(4));
        QVERIFY(cache.bytes() <= SearchCache::maxBytes);
        QVERIFY(cache.size() < inserts);
        QVERIFY(cache.size() > 0);
        // The newest one is there.
        QVERIFY(cache.find(QStringLiteral("Observation?%1&n=%2").arg(padding).arg(inserts - 1)));
    }
};

QTEST_GUILESS_MAIN(tst_SearchCache)
#include "tst_searchcache.moc"
