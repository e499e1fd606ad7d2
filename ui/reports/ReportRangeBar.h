#pragma once

#include "reports/ReportTypes.h"

#include <QWidget>

class QComboBox;
class QDateEdit;

namespace sk {

// The business days a report covers: from and to (both included) and the
// presets a shop asks for most. Picking a preset fills the dates; editing a
// date by hand switches the preset to "Custom range".
class ReportRangeBar : public QWidget {
    Q_OBJECT

public:
    enum class Preset { Today, Last7Days, ThisMonth, LastMonth, ThisYear, Custom };

    explicit ReportRangeBar(QWidget *parent = nullptr);

    ReportRange range() const;
    void setRange(ReportRange range);
    void applyPreset(Preset preset);
    // The range a preset stands for on the given day.
    static ReportRange presetRange(Preset preset, QDate today);

    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }
    QComboBox *presetBox() const { return m_presets; }

signals:
    void rangeChanged(sk::ReportRange range);

private:
    void datesEdited();

    QComboBox *m_presets;
    QDateEdit *m_from;
    QDateEdit *m_to;
    bool m_settingDates = false;
};

} // namespace sk
