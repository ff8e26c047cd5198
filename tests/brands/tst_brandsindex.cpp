#include "brands/brandsdirectory.h"
#include "brands/brandsfixture.h"
#include "brands/brandsindex.h"
#include "common/crypto.h"

#include <QDataStream>
#include <QFile>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::brands;
using namespace kete::brands::fixture;

class TestBrandsIndex : public QObject
{
    Q_OBJECT

private:
    static ProviderEntry provider(const QString &name, const QStringList &aliases = {},
                                  const BrandAddress &address = {}, const QString &website = {},
                                  const QString &portal = {})
    {
        ProviderEntry entry;
        entry.brandName = name;
        entry.aliases = aliases;
        if (address != BrandAddress{})
            entry.addresses = {address};
        if (!website.isEmpty())
            entry.websites = {website};
        entry.portalName = portal;
        entry.endpoints = {
            BrandEndpoint{QUrl(s("https://fhir.example.org/") + name.left(3)), s("4.0.1"), {}}};
        return entry;
    }

    static QStringList names(const BrandsIndex &index, const QString &query, qsizetype limit = 50)
    {
        QStringList out;
        const QList<BrandsIndex::Hit> hits = index.search(query, limit);
        for (const BrandsIndex::Hit &hit : hits)
            out.append(index.entries().at(hit.entry).brandName);
        return out;
    }

    static BrandsIndex sample()
    {
        return BrandsIndex({
            provider(s("Wellington Regional Hospital"), {},
                     {s("Newtown"), s("Wellington"), s("6021"), s("NZ")}),
            provider(s("Capital Coast Health"), {s("Wellington Health Board")},
                     {s("Wellington"), s("Wellington"), s("6011"), s("NZ")}),
            provider(s("Kāpiti Clinic"), {},
                     {s("Paraparaumu"), s("Wellington"), s("5032"), s("NZ")}),
            provider(s("Harbour Wellness Centre"), {},
                     {s("Dunedin"), s("Otago"), s("9016"), s("NZ")},
                     s("https://www.harbourwellness.example.org")),
            provider(s("The Wellington Practice"), {},
                     {s("Porirua"), s("Wellington"), s("5022"), s("NZ")}),
            provider(s("São Paulo Saúde"), {}, {s("São Paulo"), s("SP"), s("01000-000"), s("BR")}),
        });
    }

private Q_SLOTS:
    void normalizesCaseAccentsAndPunctuation()
    {
        QCOMPARE(BrandsIndex::normalized(u"  São-Paulo   SAÚDE!"), s("sao paulo saude"));
        QCOMPARE(BrandsIndex::normalized(u"Kāpiti"), s("kapiti"));
        QCOMPARE(BrandsIndex::normalized(u"--"), QString());
    }

    void ranksNamePrefixThenNameWordThenAliasThenOtherFields()
    {
        const BrandsIndex index = sample();
        QCOMPARE(names(index, s("well")),
                 QStringList({s("Wellington Regional Hospital"), // the name starts with it
                              s("Harbour Wellness Centre"),      // a word of the name
                              s("The Wellington Practice"),      // a word of the name
                              s("Capital Coast Health"),         // an alias
                              s("Kāpiti Clinic")}));             // the state
        // Alphabetical within a rank: "Harbour ..." before "The ...".
        const QList<BrandsIndex::Hit> hits = index.search(s("well"));
        QCOMPARE(hits.at(0).rank, BrandsIndex::Rank::NamePrefix);
        QCOMPARE(hits.at(1).rank, BrandsIndex::Rank::NameWord);
        QCOMPARE(hits.at(3).rank, BrandsIndex::Rank::Alias);
        QCOMPARE(hits.at(4).rank, BrandsIndex::Rank::OtherField);
    }

    void aFullPageOfNamePrefixesIsTheSameAnswer()
    {
        QList<ProviderEntry> entries;
        for (int i = 0; i < 120; ++i)
            entries.append(provider(s("Clinic %1").arg(i, 3, 10, QLatin1Char('0')), {},
                                    {s("Springfield"), {}, {}, {}}));
        entries.append(provider(s("Central Clinic"), {}, {s("Clinton"), {}, {}, {}}));
        const BrandsIndex index(entries);
        // Ten names start with "clinic 01": the short cut; then the full ranking.
        const QStringList page = names(index, s("clinic 01"), 10);
        QCOMPARE(page.size(), 10);
        QCOMPARE(page.constFirst(), s("Clinic 010"));
        QCOMPARE(page.constLast(), s("Clinic 019"));
        const QStringList all = names(index, s("cl"), 200);
        QCOMPARE(all.size(), 121);
        QCOMPARE(all.constLast(), s("Central Clinic")); // "cl" starts a word of its name only
        QCOMPARE(names(index, s("cl"), 50), all.mid(0, 50));
        QCOMPARE(names(index, s("clinic"), 1), QStringList{s("Clinic 000")});
    }

    void everyWordMustMatch()
    {
        const BrandsIndex index = sample();
        QCOMPARE(names(index, s("wellington hosp")),
                 QStringList{s("Wellington Regional Hospital")});
        QCOMPARE(names(index, s("wellington porirua")), QStringList{s("The Wellington Practice")});
        QVERIFY(names(index, s("wellington nowhere")).isEmpty());
    }

    void searchesCityStatePostalCodeCountryAndWebsite_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("found");
        QTest::newRow("city") << s("Parapar") << s("Kāpiti Clinic");
        QTest::newRow("city with accents typed without") << s("sao pau") << s("São Paulo Saúde");
        QTest::newRow("state") << s("otago") << s("Harbour Wellness Centre");
        QTest::newRow("postal code") << s("9016") << s("Harbour Wellness Centre");
        QTest::newRow("postal code prefix") << s("5032") << s("Kāpiti Clinic");
        QTest::newRow("country") << s("br") << s("São Paulo Saúde");
        QTest::newRow("website without www") << s("harbourwell") << s("Harbour Wellness Centre");
        QTest::newRow("name with macron") << s("kāp") << s("Kāpiti Clinic");
    }

    void searchesCityStatePostalCodeCountryAndWebsite()
    {
        QFETCH(QString, query);
        QFETCH(QString, found);
        QVERIFY2(names(sample(), query).contains(found),
                 qPrintable(names(sample(), query).join(s(", "))));
    }

    void emptyQueryAndLimit()
    {
        const BrandsIndex index = sample();
        QVERIFY(index.search(s("")).isEmpty());
        QVERIFY(index.search(s("  - ")).isEmpty());
        QCOMPARE(index.search(s("well"), 2).size(), 2);
        QVERIFY(index.search(s("zzz")).isEmpty());
        QVERIFY(BrandsIndex().search(s("a")).isEmpty());
    }

    void onePortalOneEntry()
    {
        const BrandsIndex index({provider(s("Twin Health"), {}, {}, {}, s("Adults")),
                                 provider(s("Twin Health"), {}, {}, {}, s("Children"))});
        const QList<BrandsIndex::Hit> hits = index.search(s("twin"));
        QCOMPARE(hits.size(), 2);
        QCOMPARE(index.entries().at(hits.at(0).entry).portalName, s("Adults"));
        QCOMPARE(index.entries().at(hits.at(1).entry).portalName, s("Children"));
    }

    void streamRoundTrip()
    {
        const BrandsIndex index = sample();
        QByteArray bytes;
        {
            QDataStream out(&bytes, QIODevice::WriteOnly);
            index.write(out);
        }
        QDataStream in(bytes);
        BrandsIndex read;
        QVERIFY(BrandsIndex::read(in, read));
        QCOMPARE(read.entries(), index.entries());
        QCOMPARE(names(read, s("well")), names(index, s("well")));
        // Cut short: refused, not half read.
        QDataStream cut(bytes.left(bytes.size() / 2));
        BrandsIndex partial;
        QVERIFY(!BrandsIndex::read(cut, partial));
        QVERIFY(partial.isEmpty());
    }

    void cacheRoundTripAndStaleness()
    {
        QTemporaryDir dir;
        const QString cache = dir.filePath(s("brands/test.index"));
        Org org(s("o"), s("Cache Clinic"));
        org.city = s("Nelson");
        org.endpoints = {s("Endpoint/e")};
        const QByteArray json = bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))});

        const Result<LoadedDirectory> first = loadDirectory(json, cache);
        QVERIFY(first.ok());
        QVERIFY(!first->fromCache);
        QVERIFY(QFile::exists(cache));
        QCOMPARE(first->report.organizations, 1);

        const Result<LoadedDirectory> second = loadDirectory(json, cache);
        QVERIFY(second.ok());
        QVERIFY(second->fromCache);
        QCOMPARE(second->index->entries(), first->index->entries());
        QCOMPARE(second->report.organizations, 1);
        QCOMPARE(second->report.timestamp, first->report.timestamp);
        QCOMPARE(second->index->search(s("nels")).size(), 1);

        // Read without knowing the bundle (the next start): the hash says what it was built from.
        const std::optional<LoadedDirectory> cached = readIndexCache(cache);
        QVERIFY(cached);
        QCOMPARE(cached->sourceHash, first->sourceHash);

        // Another bundle: the cache is stale and rebuilt.
        org.name = s("Renamed Clinic");
        const QByteArray changed = bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))});
        QVERIFY(!readIndexCache(cache, crypto::sha256(changed)));
        const Result<LoadedDirectory> third = loadDirectory(changed, cache);
        QVERIFY(!third->fromCache);
        QCOMPARE(third->index->entries().constFirst().brandName, s("Renamed Clinic"));
        QVERIFY(loadDirectory(changed, cache)->fromCache);
    }

    void damagedCacheIsRebuilt()
    {
        QTemporaryDir dir;
        const QString cache = dir.filePath(s("damaged.index"));
        Org org(s("o"), s("Damage Clinic"));
        org.endpoints = {s("Endpoint/e")};
        const QByteArray json = bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))});
        QVERIFY(loadDirectory(json, cache).ok());
        QFile file(cache);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QByteArray bytes = file.readAll();
        file.resize(bytes.size() - 7);
        file.close();
        QVERIFY(!readIndexCache(cache));
        const Result<LoadedDirectory> rebuilt = loadDirectory(json, cache);
        QVERIFY(rebuilt.ok());
        QVERIFY(!rebuilt->fromCache);
        QCOMPARE(rebuilt->index->size(), 1);

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("garbage, not a cache");
        file.close();
        QVERIFY(!readIndexCache(cache));
    }

    void buildsOffTheCallingThread()
    {
        QTemporaryDir dir;
        Org org(s("o"), s("Async Clinic"));
        org.endpoints = {s("Endpoint/e")};
        const QByteArray json = bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))});
        QFutureWatcher<Result<LoadedDirectory>> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(loadDirectoryAsync(json, dir.filePath(s("async.index"))));
        QTRY_COMPARE(finished.size(), 1);
        const Result<LoadedDirectory> result = watcher.result();
        QVERIFY(result.ok());
        QCOMPARE(result->index->search(s("async")).size(), 1);

        QFutureWatcher<Result<LoadedDirectory>> bad;
        QSignalSpy badFinished(&bad, &QFutureWatcherBase::finished);
        bad.setFuture(loadDirectoryAsync("not json", {}));
        QTRY_COMPARE(badFinished.size(), 1);
        QVERIFY(!bad.result().ok());
    }

    void shippedDirectoryHasTheDemoProvider()
    {
        const Result<LoadedDirectory> shipped = loadDirectory(shippedDirectory(), {});
        QVERIFY2(shipped.ok(), shipped.ok() ? "" : qPrintable(shipped.error().detail));
        QCOMPARE(shipped->report.problems(), 0);
        const QList<BrandsIndex::Hit> hits = shipped->index->search(s("welling"));
        QVERIFY(!hits.isEmpty());
        const ProviderEntry &demo = shipped->index->entries().at(hits.constFirst().entry);
        QCOMPARE(demo.brandName, s("Kete Demo Health"));
        QCOMPARE(demo.fhirBase().host(), s("127.0.0.1"));
        // The pharmacy has no portal of its own: it uses the medical centre's.
        const QList<BrandsIndex::Hit> pharmacy = shipped->index->search(s("pharmacy"));
        QCOMPARE(pharmacy.size(), 1);
        QVERIFY(shipped->index->entries()
                    .at(pharmacy.constFirst().entry)
                    .portalName.contains(s("Tūī Valley Patient Portal")));
    }
};

QTEST_GUILESS_MAIN(TestBrandsIndex)
#include "tst_brandsindex.moc"
