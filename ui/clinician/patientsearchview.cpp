#include "clinician/patientsearchview.h"

#include "models/patientlistmodel.h"
#include "record/patientsearch.h"
#include "widgets/recordtable.h"

#include <QDate>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace kete::ui {

using models::PatientListModel;

PatientSearchView::PatientSearchView(record::PatientSearch *search,
                                     models::PatientListModel *recent, QWidget *parent)
    : QWidget(parent)
    , m_search(search)
    , m_results(new PatientListModel(this))
    , m_name(new QLineEdit(this))
    , m_birthDate(new QLineEdit(this))
    , m_identifier(new QLineEdit(this))
    , m_searchButton(new QPushButton(tr("Search"), this))
    , m_moreButton(new QPushButton(tr("Show more"), this))
    , m_openButton(new QPushButton(tr("Open"), this))
    , m_status(new QLabel(this))
    , m_resultsTable(createTable(m_results, QStringLiteral("patientResults")))
    , m_recentTitle(new QLabel(tr("Recent patients"), this))
    , m_recentTable(createTable(recent, QStringLiteral("recentPatients")))
{
    m_name->setObjectName(QStringLiteral("searchName"));
    m_name->setPlaceholderText(tr("Family or given name"));
    m_name->setAccessibleName(tr("Patient name"));
    m_birthDate->setObjectName(QStringLiteral("searchBirthDate"));
    {
        QString format = QLocale().dateFormat(QLocale::ShortFormat);
        if (!format.contains(QLatin1String("yyyy")))
            format.replace(QLatin1String("yy"), QLatin1String("yyyy"));
        m_birthDate->setPlaceholderText(
            tr("e.g. %1, 1971-03-12 or 1971").arg(QLocale().toString(QDate(1971, 3, 12), format)));
    }
    m_birthDate->setAccessibleName(tr("Birth date"));
    m_identifier->setObjectName(QStringLiteral("searchIdentifier"));
    m_identifier->setPlaceholderText(tr("MRN or other identifier"));
    m_identifier->setAccessibleName(tr("Identifier"));
    m_searchButton->setObjectName(QStringLiteral("searchButton"));
    m_searchButton->setDefault(true);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setWordWrap(true);
    m_resultsTable->setAccessibleName(tr("Patients found"));
    m_recentTable->setAccessibleName(tr("Recent patients"));
    m_recentTable->setMaximumHeight(200);

    QFont heading = m_recentTitle->font();
    heading.setBold(true);
    m_recentTitle->setFont(heading);

    QPushButton *open = m_openButton;
    open->setObjectName(QStringLiteral("openPatient"));
    open->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Born:"), m_birthDate);
    form->addRow(tr("&Identifier:"), m_identifier);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_moreButton);
    buttons->addWidget(m_searchButton);
    buttons->addWidget(open);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_resultsTable, 1);
    layout->addSpacing(8);
    layout->addWidget(m_recentTitle);
    layout->addWidget(m_recentTable);

    for (QLineEdit *field : {m_name, m_birthDate, m_identifier}) {
        connect(field, &QLineEdit::returnPressed, this, &PatientSearchView::runSearch);
        field->installEventFilter(this); // Down: into the matches
    }
    connect(m_searchButton, &QPushButton::clicked, this, &PatientSearchView::runSearch);
    m_moreButton->setObjectName(QStringLiteral("showMorePatients"));
    m_moreButton->hide();
    connect(m_moreButton, &QPushButton::clicked, m_search, &record::PatientSearch::showMore);
    // Open only what is chosen: nothing after a new search, nothing when the matches are gone.
    connect(m_resultsTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PatientSearchView::updateOpenButton);
    connect(m_resultsTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PatientSearchView::updateOpenButton);
    connect(m_resultsTable->model(), &QAbstractItemModel::modelReset, this,
            &PatientSearchView::updateOpenButton);
    connect(m_resultsTable->model(), &QAbstractItemModel::rowsRemoved, this,
            &PatientSearchView::updateOpenButton);
    connect(open, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_resultsTable->currentIndex();
        if (current.isValid())
            Q_EMIT patientChosen(current.data(PatientListModel::PatientIdRole).toString());
    });
    connect(m_search, &record::PatientSearch::started, this, [this] {
        m_results->clear();
        m_status->setText(tr("Searching…"));
    });
    connect(m_search, &record::PatientSearch::resultsAdded, m_results,
            &PatientListModel::addPatients);
    connect(m_search, &record::PatientSearch::finished, this,
            [this](const std::optional<Error> &error) {
                updateStatus(error ? error->message : QString());
                // One match: chosen at once, Enter in the table (or Open) opens her.
                if (!error && m_results->rowCount() == 1)
                    m_resultsTable->selectRow(0);
            });
    const auto updateRecent = [this, recent] {
        m_recentTitle->setVisible(recent->rowCount() > 0);
        m_recentTable->setVisible(recent->rowCount() > 0);
    };
    connect(recent, &QAbstractItemModel::rowsInserted, this, updateRecent);
    connect(recent, &QAbstractItemModel::modelReset, this, updateRecent);
    updateRecent();
    updateStatus();
}

QTableView *PatientSearchView::createTable(QAbstractItemModel *model, const QString &name)
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(PatientListModel::SortRole);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    QTableView *table = createRecordTable(proxy, name, {}, this);
    table->setSortingEnabled(true);
    table->sortByColumn(-1, Qt::AscendingOrder);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(PatientListModel::NameColumn,
                                                    QHeaderView::Stretch);
    // Enter and double-click open the patient; a single click only selects.
    connect(table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT patientChosen(index.data(PatientListModel::PatientIdRole).toString());
    });
    table->installEventFilter(this);
    return table;
}

void PatientSearchView::updateOpenButton()
{
    const QModelIndex current = m_resultsTable->currentIndex();
    m_openButton->setEnabled(current.isValid() &&
                             m_resultsTable->selectionModel()->isRowSelected(current.row()));
}

void PatientSearchView::enterResults()
{
    if (m_resultsTable->model()->rowCount() == 0)
        return;
    if (!m_resultsTable->selectionModel()->hasSelection())
        m_resultsTable->selectRow(0);
    m_resultsTable->setFocus(Qt::TabFocusReason);
}

bool PatientSearchView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && qobject_cast<QLineEdit *>(watched) &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Down &&
        m_resultsTable->model()->rowCount() > 0) {
        enterResults();
        return true;
    }
    auto *table = qobject_cast<QTableView *>(watched);
    if (table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && table->currentIndex().isValid()) {
            Q_EMIT patientChosen(
                table->currentIndex().data(PatientListModel::PatientIdRole).toString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PatientSearchView::setQuery(const QString &name, const QString &birthDate,
                                 const QString &identifier)
{
    m_name->setText(name);
    m_birthDate->setText(birthDate);
    m_identifier->setText(identifier);
}

void PatientSearchView::runSearch()
{
    m_search->start(
        record::PatientQuery{m_name->text(), m_birthDate->text(), m_identifier->text(), QLocale()});
}

QString PatientSearchView::statusText() const
{
    return m_status->text();
}

void PatientSearchView::updateStatus(const QString &problem)
{
    const int found = m_results->rowCount();
    m_moreButton->setVisible(problem.isEmpty() && !m_search->isRunning() && m_search->truncated());
    if (!problem.isEmpty())
        m_status->setText(problem);
    else if (m_search->isRunning())
        m_status->setText(tr("Searching…"));
    else if (m_search->truncated())
        m_status->setText(tr("Showing the first %1 patients. Add a birth date or an identifier "
                             "to narrow the search.")
                              .arg(found));
    else if (found == 0 && m_name->text().isEmpty() && m_identifier->text().isEmpty() &&
             m_birthDate->text().isEmpty())
        m_status->setText(tr("Search by name, birth date or identifier."));
    else if (found == 0)
        m_status->setText(tr("No patient matches this search."));
    else
        m_status->setText(found == 1 ? tr("1 patient found") : tr("%1 patients found").arg(found));
}

} // namespace kete::ui
