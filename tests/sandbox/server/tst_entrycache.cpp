#include "sandbox/fhirapi/entrycache.h"

#include <QJsonDocument>
#include <QTest>

using namespace kete::sandbox;

namespace {

QJsonObject patient(const QString &id, const QString &family)
{
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("name"), QJsonObject{{QStringLiteral("family"), family}}}};
}

} // namespace

// Resources are written as JSON once and the bytes reused (issue 20: a read of Patient/{id}
// spent a fifth of its time in QJsonDocument::toJson); a change of the store clears them.
class tst_EntryCache : public QObject
{
    Q_OBJECT

private slots:
    void aResourceIsWrittenOnceUntilCleared()
    {
        EntryCache cache;
        int writes = 0;
        const EntryCache::Write write = [&writes](const QJsonObject &resource) {
            ++writes;
            return QJsonDocument(resource).toJson(QJsonDocument::Compact);
        };
        const QJsonObject before = patient(QStringLiteral("p1"), QStringLiteral("Shaw"));
        const QByteArray first = cache.entry(QStringLiteral("Patient/p1"), before, write);
        QCOMPARE(first, QJsonDocument(before).toJson(QJsonDocument::Compact));
        QCOMPARE(cache.entry(QStringLiteral("Patient/p1"), before, write), first);
        QCOMPARE(writes, 1);
        QCOMPARE(cache.size(), 1);

        // After a change (the store calls clear()), the new JSON is written.
        const QJsonObject after = patient(QStringLiteral("p1"), QStringLiteral("Huang"));
        cache.clear();
        QCOMPARE(cache.entry(QStringLiteral("Patient/p1"), after, write),
                 QJsonDocument(after).toJson(QJsonDocument::Compact));
        QCOMPARE(writes, 2);
    }

    void eachKeyHasItsOwnEntry()
    {
        EntryCache cache;
        const EntryCache::Write write = [](const QJsonObject &resource) {
            return QJsonDocument(resource).toJson(QJsonDocument::Compact);
        };
        const QJsonObject one = patient(QStringLiteral("p1"), QStringLiteral("Shaw"));
        const QJsonObject two = patient(QStringLiteral("p2"), QStringLiteral("Huang"));
        QCOMPARE(cache.entry(QStringLiteral("Patient/p1"), one, write), write(one));
        QCOMPARE(cache.entry(QStringLiteral("Patient/p2"), two, write), write(two));
        QCOMPARE(cache.entry(QStringLiteral("Patient/p1"), one, write), write(one));
        QCOMPARE(cache.size(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_EntryCache)
#include "tst_entrycache.moc"
