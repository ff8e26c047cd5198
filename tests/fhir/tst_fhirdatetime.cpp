#include "fhir/datatypes.h"

#include <QTest>
#include <QTimeZone>

using namespace kete::fhir;

// FhirDateTime::parse reads the usual shapes from UTF-8 without QDateTime::fromString; it must
// agree with the general reading of the same text in every respect, offsets and precision too.
class TestFhirDateTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fastShapesAgreeWithTheGeneralReading_data()
    {
        QTest::addColumn<QByteArray>("text");
        for (const char *text : {"2019",
                                 "0000",
                                 "2019-03",
                                 "2019-13",
                                 "2019-03-05",
                                 "2019-02-29",
                                 "2020-02-29",
                                 "2019-03-05T10:07:41+00:00",
                                 "2019-03-05T10:07:41Z",
                                 "2019-03-05T10:07:41+13:00",
                                 "2019-03-05T23:30:00-05:30",
                                 "2019-03-05T10:07:41.123+02:00",
                                 "2019-03-05T10:07:41.1+02:00",
                                 "2019-03-05T10:07:41.123456Z",
                                 "2019-03-05T10:07:41",
                                 "2019-03-05T24:00:00Z",
                                 "2019-03-05T10:61:00Z",
                                 "2019-03-05T10:07:41+25:00",
                                 " 2019-03-05",
                                 "2019-03-05 ",
                                 "20190305",
                                 "2019-3-5",
                                 "x",
                                 "",
                                 "1900-01-01T00:00:00.000-00:00",
                                 "2019-03-05T10:07Z"}) {
            QTest::newRow(text) << QByteArray(text);
        }
    }
    void fastShapesAgreeWithTheGeneralReading()
    {
        QFETCH(QByteArray, text);
        const FhirDateTime fast = FhirDateTime::parse(QUtf8StringView(text));
        const FhirDateTime general = FhirDateTime::parse(QStringView(QString::fromUtf8(text)));
        QCOMPARE(fast.precision(), general.precision());
        QCOMPARE(fast.isValid(), general.isValid());
        QCOMPARE(fast.toDateTime(), general.toDateTime());
        QCOMPARE(fast.toDateTime().timeSpec(), general.toDateTime().timeSpec());
        QCOMPARE(fast.toDateTime().offsetFromUtc(), general.toDateTime().offsetFromUtc());
        QCOMPARE(fast.date(), general.date());
        QVERIFY(fast == general);
    }
};

QTEST_GUILESS_MAIN(TestFhirDateTime)
#include "tst_fhirdatetime.moc"
