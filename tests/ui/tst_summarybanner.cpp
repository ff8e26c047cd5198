#include "record/patientbanner.h"
#include "support/screenshot.h"

#include <QLabel>
#include <QLocale>
#include <QTest>
#include <QTimeZone>

using namespace kete::ui;

// The patient banner above the Summary (issue 15): whose record at a glance, and "data as of"
// with the date, not a bare time that could be any day's.
class TestSummaryBanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void dataAsOfSaysTheDate()
    {
        const QDateTime when(QDate(2026, 3, 4), QTime(9, 41));
        QCOMPARE(PatientBanner::dataAsOfText(when, false, QLocale()),
                 QStringLiteral("data as of 04/03/2026, 09:41"));
        QCOMPARE(PatientBanner::dataAsOfText(when, true, QLocale()),
                 QStringLiteral("kept on this computer, as of 04/03/2026, 09:41"));
        QCOMPARE(PatientBanner::dataAsOfText({}, false, QLocale()), QString());
        // A time from the server's clock (UTC) is said in local time, with its local date.
        const QDateTime utc(QDate(2026, 3, 4), QTime(9, 41), QTimeZone::utc());
        QVERIFY(PatientBanner::dataAsOfText(utc, false, QLocale())
                    .contains(QLocale().toString(utc.toLocalTime().date(), QLocale::ShortFormat)));
    }

    void nameLargeThenDetailsAtTheNarrowestWindow()
    {
        PatientBanner banner;
        banner.setPatient(QStringLiteral("Amy Shaw"),
                          QStringLiteral("♀ Female · 54 years · born 12/03/1971 · MRN 00412-88"));
        banner.setDataAsOf(QDateTime(QDate(2026, 3, 4), QTime(9, 41)), false);
        QCOMPARE(banner.dataAsOfText(), QStringLiteral("data as of 04/03/2026, 09:41"));
        banner.resize(1024, banner.sizeHint().height());
        banner.show();
        QVERIFY(QTest::qWaitForWindowExposed(&banner));
        const auto *name = banner.findChild<QLabel *>(QStringLiteral("patientName"));
        const auto *details = banner.findChild<QLabel *>(QStringLiteral("patientDetails"));
        const auto *asOf = banner.findChild<QLabel *>(QStringLiteral("patientDataAsOf"));
        QVERIFY(name && details && asOf);
        QVERIFY(name->font().pointSizeF() > details->font().pointSizeF());
        // Everything whole at 1024 px: nothing cut, the date not pushed off.
        for (const QLabel *label : {name, details, asOf}) {
            QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(label->text()));
            QVERIFY(banner.rect().contains(label->geometry()));
        }
        QVERIFY(!asOf->geometry().intersects(details->geometry()));
        kete::test::saveScreenshot(banner, QStringLiteral("summary-banner-1024.png"));
    }
};

QTEST_MAIN(TestSummaryBanner)
#include "tst_summarybanner.moc"
