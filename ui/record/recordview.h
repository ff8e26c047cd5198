#pragma once

#include <QDate>
#include <QWidget>

class QListWidget;
class QSettings;
class QStackedWidget;

namespace kete::fhir {
struct Patient;
}

namespace kete::record {
class ShownRecord;
}

namespace kete::ui {

class ConditionsView;
class FlowsheetView;
class LabsView;
class PatientBanner;
class SummaryView;

// One patient's record: the banner on top (always: whose data this is must never be unclear),
// sections on the left (Summary, Lab results, Conditions, Flowsheet), the chosen section on the
// right. It shows what `record` holds as it arrives; it does not own the record.
class RecordView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordView)

public:
    enum Section
    {
        SummarySection,
        LabsSection,
        ConditionsSection,
        FlowsheetSection
    };

    explicit RecordView(record::ShownRecord *record, QWidget *parent = nullptr);

    record::ShownRecord *record() const { return m_record; }
    PatientBanner *banner() const { return m_banner; }
    SummaryView *summary() const { return m_summary; }
    LabsView *labs() const { return m_labs; }
    ConditionsView *conditions() const { return m_conditions; }
    FlowsheetView *flowsheet() const { return m_flowsheet; }

    void showSection(Section section);
    Section currentSection() const;
    // Where the tests pinned to the Summary are kept; by default (the demo) nowhere: they last
    // as long as the view.
    void keepPinsIn(QSettings *settings);
    // Compact rows and a slimmer banner: more of the record in sight (a clinician's desk).
    void setCompact(bool compact);

private:
    void updateBanner();
    void makePins();

    record::ShownRecord *m_record;
    PatientBanner *m_banner;
    QListWidget *m_sections;
    QStackedWidget *m_pages;
    SummaryView *m_summary;
    LabsView *m_labs;
    ConditionsView *m_conditions;
    FlowsheetView *m_flowsheet;
    QSettings *m_pinsKeptIn = nullptr;
};

// "♀ Female · 54 years · born 12 Mar 1971 · MRN 00412-88": the banner's second line.
QString patientDetailsLine(const fhir::Patient &patient, const QDate &today);

} // namespace kete::ui
