#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace kete::models {
class PatientListModel;
}
namespace kete::record {
class PatientSearch;
}

namespace kete::ui {

// "Find a patient": name, birth date and identifier, the matches in a table, and the
// clinician's recent patients underneath. Opening a row (double-click, Enter, Open) emits
// patientChosen. Keyboard first: Enter in a field searches, Down moves into the matches, Enter
// opens the chosen one; a single match is chosen as soon as it arrives. A birth date is read
// as the locale writes dates, as ISO 8601, or a year alone.
class PatientSearchView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientSearchView)

public:
    PatientSearchView(record::PatientSearch *search, models::PatientListModel *recent,
                      QWidget *parent = nullptr);

    void setQuery(const QString &name, const QString &birthDate, const QString &identifier);
    void runSearch();
    models::PatientListModel *results() const { return m_results; }
    QTableView *resultsTable() const { return m_resultsTable; }
    QTableView *recentTable() const { return m_recentTable; }
    QString statusText() const;
    QPushButton *openButton() const { return m_openButton; }

Q_SIGNALS:
    void patientChosen(const QString &patientId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTableView *createTable(QAbstractItemModel *model, const QString &name);
    void updateStatus(const QString &problem = {});
    void updateOpenButton();
    void enterResults();

    record::PatientSearch *m_search;
    models::PatientListModel *m_results;
    QLineEdit *m_name;
    QLineEdit *m_birthDate;
    QLineEdit *m_identifier;
    QPushButton *m_searchButton;
    QPushButton *m_moreButton;
    QPushButton *m_openButton;
    QLabel *m_status;
    QTableView *m_resultsTable;
    QLabel *m_recentTitle;
    QTableView *m_recentTable;
};

} // namespace kete::ui
