#include "record/recordview.h"

#include "conditions/conditionsview.h"
#include "labs/flowsheetview.h"
#include "labs/labsview.h"
#include "models/labtestsmodel.h"
#include "models/patientlistmodel.h"
#include "models/pinnedtests.h"
#include "record/patientbanner.h"
#include "record/shownrecord.h"
#include "record/summaryview.h"

#include <QAbstractItemView>
#include <QHBoxLayout>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QShortcut>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace kete::ui {

namespace {

// "Deceased 02/02/1990 (aged 83)", "Deceased 1990" (no day: no age), or "Deceased": never an age
// today for a patient who has died.
QString deceasedText(const fhir::Patient &patient, const QDate &today)
{
    const fhir::FhirDateTime &when = *patient.deceased;
    if (!when.isValid())
        return RecordView::tr("Deceased");
    if (when.precision() < fhir::FhirDateTime::Precision::Day)
        return RecordView::tr("Deceased %1").arg(when.toDisplayString(QLocale()));
    const QString date = QLocale().toString(when.date(), QLocale::ShortFormat);
    if (const auto age = patient.ageInYearsAt(today))
        return RecordView::tr("Deceased %1 (aged %2)").arg(date).arg(*age);
    return RecordView::tr("Deceased %1").arg(date);
}

} // namespace

QString patientDetailsLine(const fhir::Patient &patient, const QDate &today)
{
    const QString sex = models::PatientListModel::sexText(patient.sex);
    QStringList parts{sex.isEmpty() ? RecordView::tr("Sex not recorded") : sex};
    if (patient.deceased)
        parts << deceasedText(patient, today);
    else if (const auto age = patient.ageInYearsAt(today))
        parts << (*age == 1 ? RecordView::tr("1 year") : RecordView::tr("%1 years").arg(*age));
    if (patient.birthDate.isValid())
        parts << RecordView::tr("born %1").arg(patient.birthDate.toDisplayString(QLocale()));
    if (const QString mrn = patient.medicalRecordNumber(); !mrn.isEmpty())
        parts << RecordView::tr("MRN %1").arg(mrn);
    else if (!patient.identifiers.isEmpty())
        parts << RecordView::tr("ID %1").arg(patient.identifiers.constFirst().value);
    return parts.join(QStringLiteral(" · "));
}

RecordView::RecordView(record::ShownRecord *record, QWidget *parent)
    : QWidget(parent)
    , m_record(record)
    , m_banner(new PatientBanner(this))
    , m_sections(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_summary(new SummaryView(record->labTests(), record->conditions(), this))
    , m_labs(new LabsView(record->labTests(), this))
    , m_conditions(new ConditionsView(record->conditions(), this))
    , m_flowsheet(new FlowsheetView(record->labTests(), this))
{
    m_sections->setObjectName(QStringLiteral("recordSections"));
    m_sections->setAccessibleName(tr("Record sections"));
    m_sections->setFrameShape(QFrame::NoFrame);
    m_sections->setMaximumWidth(180);
    m_sections->setSpacing(2);
    for (const auto &[title, page] :
         {std::pair{tr("Summary"), static_cast<QWidget *>(m_summary)},
          std::pair{tr("Lab results"), static_cast<QWidget *>(m_labs)},
          std::pair{tr("Conditions"), static_cast<QWidget *>(m_conditions)},
          std::pair{tr("Flowsheet"), static_cast<QWidget *>(m_flowsheet)}}) {
        m_sections->addItem(title);
        m_pages->addWidget(page);
    }
    connect(m_sections, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    setFocusProxy(m_sections); // the record takes the keyboard at its sections
    m_sections->setCurrentRow(SummarySection);

    if (!record->mayRead(u"Observation"))
        m_labs->setUnavailableReason(fhir::accessDeniedMessage(QStringLiteral("Observation")));
    if (!record->mayRead(u"Condition"))
        m_conditions->setUnavailableReason(fhir::accessDeniedMessage(QStringLiteral("Condition")));

    // Ctrl+F from anywhere in the record: find a lab test.
    auto *find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        showSection(LabsSection);
        m_labs->focusSearch();
    });

    m_summary->followLoading(record); // "still loading" until the searches end
    const auto followConditions = [this, record] {
        m_conditions->setLoading(record->isLoading(fhir::RecordPart::Conditions));
    };
    connect(record, &record::ShownRecord::progressChanged, this, followConditions);
    connect(record, &record::ShownRecord::loaded, this, followConditions);
    connect(m_summary, &SummaryView::labTestActivated, this, [this](const QString &testKey) {
        showSection(LabsSection);
        m_labs->selectTest(testKey);
    });
    // Pin a test to the Summary from the lab list (its context menu).
    QAbstractItemView *tests = m_labs->testsView();
    tests->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(tests, &QWidget::customContextMenuRequested, this, [this, tests](const QPoint &at) {
        const QString key = tests->indexAt(at).data(models::LabTestsModel::TestKeyRole).toString();
        if (key.isEmpty() || !m_summary->pinnedTests())
            return;
        const bool pinned = m_summary->isTestPinned(key);
        QMenu menu(this);
        QAction *pin = menu.addAction(pinned ? tr("Unpin from Summary") : tr("Pin to Summary"));
        if (menu.exec(tests->viewport()->mapToGlobal(at)) == pin)
            m_summary->setTestPinned(key, !pinned);
    });
    connect(record, &record::ShownRecord::patientChanged, this, &RecordView::updateBanner);
    connect(record, &record::ShownRecord::loaded, this, &RecordView::updateBanner);

    auto *body = new QHBoxLayout;
    body->addWidget(m_sections);
    body->addWidget(m_pages, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addLayout(body, 1);
    updateBanner();
}

void RecordView::showSection(Section section)
{
    m_sections->setCurrentRow(section);
}

RecordView::Section RecordView::currentSection() const
{
    return Section(m_sections->currentRow());
}

void RecordView::keepPinsIn(QSettings *settings)
{
    m_pinsKeptIn = settings;
    if (m_summary->pinnedTests())
        makePins();
}

void RecordView::setCompact(bool compact)
{
    m_banner->setCompact(compact);
    m_labs->setCompact(compact);
    m_flowsheet->setCompact(compact);
}

void RecordView::makePins()
{
    std::unique_ptr<models::PinnedTests> before(m_summary->pinnedTests());
    m_summary->setPinnedTests(
        new models::PinnedTests(m_pinsKeptIn, m_record->source(), m_record->patient().id, this));
}

void RecordView::updateBanner()
{
    if (!m_record->hasPatient()) {
        m_banner->setPatient(tr("Loading the patient…"), {});
        return;
    }
    const fhir::Patient &patient = m_record->patient();
    if (!m_summary->pinnedTests()) // kept per provider and patient: once the patient is known
        makePins();
    m_banner->setPatient(patient.displayName(), patientDetailsLine(patient, QDate::currentDate()));
    m_banner->setDataAsOf(m_record->dataAsOf(), m_record->isShowingKeptCopy());
}

} // namespace kete::ui
