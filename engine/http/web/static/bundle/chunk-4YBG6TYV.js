import{a as o,b as e}from"./chunk-NSTIJJEJ.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{o as InfoModule,e as createInfoServices};
