import{a as r,b as o}from"./chunk-56LITC46.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{r as RailroadModule,o as createRailroadServices};
