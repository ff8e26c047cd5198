#include "offline/valuereader.h"

#include <QDataStream>
#include <QIODevice>
#include <QTest>
#include <QTimeZone>
#include <cmath>

using kete::offline::ValueReader;

namespace {

// What QDataStream (Qt_6_4, as the stored record is written) makes of `values`.
template<typename... Values> QByteArray written(const Values &...values)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    (out << ... << values);
    return bytes;
}

// Read back by QDataStream and by ValueReader: the two must agree, and both reach the end.
template<typename T> void verifyReadsAsQDataStream(const T &value)
{
    const QByteArray bytes = written(value);
    QDataStream stream(bytes);
    stream.setVersion(QDataStream::Qt_6_4);
    T expected{};
    stream >> expected;
    QCOMPARE(stream.status(), QDataStream::Ok);

    ValueReader in;
    in.reset(bytes);
    T actual{};
    in >> actual;
    QCOMPARE(in.status(), ValueReader::Ok);
    QVERIFY(in.atEnd());
    if constexpr (std::is_same_v<T, QDateTime>) {
        QCOMPARE(actual.isValid(), expected.isValid());
        QCOMPARE(actual.timeSpec(), expected.timeSpec());
        QCOMPARE(actual.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
        QCOMPARE(actual.offsetFromUtc(), expected.offsetFromUtc());
        QCOMPARE(actual.timeZone(), expected.timeZone());
        QCOMPARE(actual.date(), expected.date());
        QCOMPARE(actual.time(), expected.time());
    } else if constexpr (std::is_same_v<T, QString> || std::is_same_v<T, QByteArray>) {
        QCOMPARE(actual, expected);
        QCOMPARE(actual.isNull(), expected.isNull());
    } else if constexpr (std::is_same_v<T, double>) {
        QCOMPARE(std::signbit(actual), std::signbit(expected));
        QVERIFY(actual == expected || (std::isnan(actual) && std::isnan(expected)));
    } else {
        QCOMPARE(actual, expected);
    }
}

} // namespace

class TestOfflineValueReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbersReadAsQDataStreamWroteThem()
    {
        verifyReadsAsQDataStream(quint8(0xfe));
        verifyReadsAsQDataStream(qint8(-3));
        verifyReadsAsQDataStream(true);
        verifyReadsAsQDataStream(false);
        verifyReadsAsQDataStream(quint32(0xdeadbeef));
        verifyReadsAsQDataStream(qint32(-123456));
        verifyReadsAsQDataStream(qint64(-9'007'199'254'740'993));
        verifyReadsAsQDataStream(5.4);
        verifyReadsAsQDataStream(-0.0);
        verifyReadsAsQDataStream(1e308);
        verifyReadsAsQDataStream(std::numeric_limits<double>::infinity());
        verifyReadsAsQDataStream(std::numeric_limits<double>::quiet_NaN());
    }

    void textReadsAsQDataStreamWroteIt()
    {
        verifyReadsAsQDataStream(QString());
        verifyReadsAsQDataStream(QStringLiteral(""));
        verifyReadsAsQDataStream(QStringLiteral("http://loinc.org"));
        verifyReadsAsQDataStream(QStringLiteral("Hämoglobin µmol/L ≥ 5 🩸"));
        verifyReadsAsQDataStream(QByteArray());
        verifyReadsAsQDataStream(QByteArray(""));
        verifyReadsAsQDataStream(QByteArray("\x00\x01\xff sealed", 10));
    }

    void timesReadAsQDataStreamWroteThem()
    {
        const QDate day(2024, 2, 29);
        const QTime time(23, 59, 58, 123);
        verifyReadsAsQDataStream(QDateTime());
        verifyReadsAsQDataStream(QDateTime(day, time, Qt::UTC));
        verifyReadsAsQDataStream(QDateTime(day, time, Qt::OffsetFromUTC, 13 * 3600));
        verifyReadsAsQDataStream(QDateTime(day, time, Qt::OffsetFromUTC, -(9 * 3600 + 30 * 60)));
        verifyReadsAsQDataStream(QDateTime(day, QTime(0, 0)));
        verifyReadsAsQDataStream(QDateTime(day, time, Qt::LocalTime));
        verifyReadsAsQDataStream(QDateTime(day, time, QTimeZone("Pacific/Auckland")));
        verifyReadsAsQDataStream(QDateTime(day, time, QTimeZone::utc()));
    }

    // The same moment again in one reader comes from its table: still the same value.
    void repeatedTimesKeepTheirValue()
    {
        const QDateTime local(QDate(2023, 7, 1), QTime(0, 0));
        const QDateTime offset(QDate(2023, 7, 1), QTime(8, 30), Qt::OffsetFromUTC, 3600);
        const QByteArray bytes = written(local, offset, local, offset, QDateTime());
        ValueReader in;
        in.reset(bytes);
        QDateTime a, b, c, d, e;
        in >> a >> b >> c >> d >> e;
        QCOMPARE(in.status(), ValueReader::Ok);
        QCOMPARE(a, local);
        QCOMPARE(c, local);
        QCOMPARE(b, offset);
        QCOMPARE(d, offset);
        QCOMPARE(d.offsetFromUtc(), 3600);
        QVERIFY(!e.isValid());
    }

    // Codes, systems and units repeat in every resource: read again, they share one string.
    void repeatedStringsAreShared()
    {
        const QString system =
            QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
        const QByteArray first = written(system, QStringLiteral("mg/dL"));
        const QByteArray second = written(QStringLiteral("obs-1"), system);
        ValueReader in;
        QString a, unit, id, b;
        in.reset(first);
        in >> a >> unit;
        in.reset(second);
        in >> id >> b;
        QCOMPARE(in.status(), ValueReader::Ok);
        QCOMPARE(a, system);
        QCOMPARE(b, system);
        QCOMPARE(a.constData(), b.constData());
    }

    // Strings alike in size, beginning and end (they may meet in the reader's table) are still
    // told apart.
    void lookalikeStringsStayApart()
    {
        const QString one = QStringLiteral("Glucose [Mass/volume] in Serum or Plasma");
        const QString two = QStringLiteral("Glucose [Moles/volume] in Serum or Plasma");
        const QString three = QStringLiteral("Glucose [Mass/volume] in Blood or Plasma");
        QCOMPARE(one.size(), three.size());
        ValueReader in;
        const QByteArray bytes = written(one, two, three, one, three);
        in.reset(bytes);
        QString a, b, c, d, e;
        in >> a >> b >> c >> d >> e;
        QCOMPARE(in.status(), ValueReader::Ok);
        QCOMPARE(a, one);
        QCOMPARE(b, two);
        QCOMPARE(c, three);
        QCOMPARE(d, one);
        QCOMPARE(e, three);
    }

    void cutShortIsReadPastEnd()
    {
        const QByteArray bytes = written(QStringLiteral("Haemoglobin"), qint64(7));
        for (qsizetype size = 0; size < bytes.size(); ++size) {
            ValueReader in;
            in.reset(QByteArrayView(bytes).first(size));
            QString text;
            qint64 number = 0;
            in >> text >> number;
            QCOMPARE(in.status(), ValueReader::ReadPastEnd);
            QCOMPARE(number, 0);
        }
    }

    void malformedValuesAreCorrupt()
    {
        ValueReader in;
        const QByteArray oddLength = written(quint32(3)) + QByteArray("abc");
        in.reset(oddLength);
        QString text;
        in >> text;
        QCOMPARE(in.status(), ValueReader::ReadCorruptData);
        QVERIFY(text.isNull());

        const QByteArray unknownSpec = written(qint64(2460000), quint32(0), qint8(9));
        in.reset(unknownSpec);
        QDateTime time;
        in >> time;
        QCOMPARE(in.status(), ValueReader::ReadCorruptData);
        QVERIFY(!time.isValid());

        // A new start forgets the last one's trouble.
        const QByteArray fine = written(qint32(5));
        in.reset(fine);
        qint32 five = 0;
        in >> five;
        QCOMPARE(in.status(), ValueReader::Ok);
        QCOMPARE(five, 5);
    }
};

QTEST_GUILESS_MAIN(TestOfflineValueReader)
#include "tst_offlinevaluereader.moc"
