import{a as e,b as o}from"./chunk-BYRQT36G.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as EventModelingModule,o as createEventModelingServices};
