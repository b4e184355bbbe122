"""How to cite the measured data sets the cards describe, and their DOIs."""

__all__ = ["AELES", "AELES_DOI", "GAITREC", "GAITREC_DOI", "HORST", "HORST_DOI", "PATAKY", "PATAKY_DOI"]

GAITREC = (
    "Horsak B, Slijepcevic D, Raberger AM, Schwab C, Worisch M, Zeppelzauer M (2020). GaitRec, a large-scale "
    "ground reaction force dataset of healthy and impaired gait. Scientific Data 7:143. Subset prepared by "
    "Slijepcevic D, Horst F, Lapuschkin S, et al. (2021). Explaining machine learning models for clinical gait "
    "analysis. ACM Trans. Comput. Healthcare 3(2), doi 10.1145/3474121"
)
AELES = (
    "Aeles J, Horst F, Lapuschkin S, Lacourpaille L, Hug F (2021). Revealing the unique features of each "
    "individual's muscle activation signatures. J. R. Soc. Interface 18:20200770"
)
HORST = (
    "Horst F, Lapuschkin S, Samek W, Mueller KR, Schoellhorn WI (2019). Explaining the unique nature of "
    "individual gait patterns with deep learning. Scientific Reports 9:2391; data: Horst F et al. (2018), "
    "Mendeley Data, doi 10.17632/svx74xcrjr.1"
)
PATAKY = (
    "Pataky TC, Caravaggi P, Savage R, Parker D, Goulermas JY, Sellers WI, Crompton RH (2008). New insights into "
    "the plantar pressure correlates of walking speed using pedobarographic statistical parametric mapping "
    "(pSPM). Journal of Biomechanics 41(9):1987-1994; data as shipped in spm1d 0.4.55 (Pataky TC, "
    "spm1d.org)"
)
GAITREC_DOI, AELES_DOI, HORST_DOI = "10.1038/s41597-020-0481-z", "10.1098/rsif.2020.0770", "10.17632/svx74xcrjr.1"
PATAKY_DOI = "10.1016/j.jbiomech.2008.03.034"
